"""The model contract (docs/architecture.md §2), checked for consensus, commons and sweeps.

Every public function of these modules declares its constraints; every declared bad value
is rejected with a TypeError/ValueError naming the parameter; same seed, same result;
different seeds, different results; results are frozen dataclasses. The explorer registries
of the two themes have the documented shape and describe every frame. (Written alongside
the package-wide contract and explorer tests, into which these checks can be folded.)
"""

from __future__ import annotations

import dataclasses
import inspect

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from socmodels import commons, consensus, networks, sweeps  # noqa: E402
from socmodels.contract import constraints_of  # noqa: E402
from socmodels.explorers import commons as commons_explorers  # noqa: E402
from socmodels.explorers import consensus as consensus_explorers  # noqa: E402
from socmodels.explorers.spec import Control, iter_grid  # noqa: E402

W5 = consensus.degroot_weights(networks.complete_graph(5))
X5 = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
L4 = networks.square_lattice(4)


def _coin_flips(n, rng):
    return {"heads": int(rng.integers(0, 2, size=n).sum())}


#: Small valid calls of every public function: (positional args, keyword args).
EXAMPLES = {
    consensus.degroot_weights: ((networks.complete_graph(5),), {}),
    consensus.degroot_step: ((W5, X5), {}),
    consensus.degroot: ((W5, X5), {"max_steps": 5}),
    consensus.influence_vector: ((W5,), {}),
    consensus.degroot_limit: ((W5, X5), {}),
    consensus.wisdom_of_crowds: ((W5,), {"n_draws": 5}),
    consensus.friedkin_johnsen: ((W5, X5, 0.5), {"max_steps": 5}),
    consensus.friedkin_johnsen_equilibrium: ((W5, X5, 0.5), {}),
    consensus.deffuant: ((X5,), {"max_steps": 5}),
    consensus.hegselmann_krause_step: ((X5,), {}),
    consensus.hegselmann_krause: ((X5,), {"max_steps": 5}),
    consensus.opinion_clusters: ((X5,), {}),
    consensus.voter_model: ((np.array([0, 1, 0, 1, 1]),), {"max_steps": 5}),
    consensus.voter_exit_probability: ((10, 0.5), {"n_runs": 3}),
    consensus.voter_mean_consensus_time: ((10, 0.5), {}),
    consensus.bounded_confidence_sweep: (("hk", [0.2]), {"n_agents": 20, "n_runs": 1}),
    consensus.elite_public_scenario: ((), {"n_agents": 40, "elite_size": 5, "n_steps": 3}),
    consensus.stubborn_elite_scenario: ((), {"n_agents": 40, "elite_size": 5}),
    commons.contributor_fraction: (([0.5, 0.5, 0, 0, 0],), {}),
    commons.group_payoffs: (([2, 3, 0, 0, 0],), {}),
    commons.expected_payoffs: (((0.5, 0.5, 0, 0, 0),), {}),
    commons.replicator_dynamics: (((0.5, 0.5, 0, 0, 0),), {"times": [0, 1]}),
    commons.replicator_cooperation_closed_form: ((0.5,), {"times": [0, 1]}),
    commons.well_mixed_public_goods: ((20,), {"n_steps": 3}),
    commons.graph_payoffs: (([1] * 16, L4), {}),
    commons.graph_public_goods: ((L4,), {"n_steps": 3, "n_records": 3}),
    commons.lattice_public_goods: ((4,), {"n_steps": 3}),
    commons.degree_preserving_rewire: ((L4,), {"swaps_per_edge": 1.0}),
    commons.diverse_public_goods: ((L4,), {"n_steps": 3}),
    commons.cpr_equilibria: ((8,), {}),
    commons.cpr_payoffs: (([1.0, 2.0, 3.0],), {}),
    commons.cpr_learning: ((4,), {"n_steps": 20, "n_records": 5}),
    sweeps.expand_grid: (({"a": [1, 2]},), {}),
    sweeps.seed_for: (({"a": 1}, 0), {"base_seed": 1}),
    sweeps.run_one: ((_coin_flips, {"n": 3}, 0), {"base_seed": 1}),
    sweeps.run_sweep: ((_coin_flips, {"n": [3]}), {"base_seed": 1, "progress": False}),
}


def _public_functions(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield obj


ALL_FUNCTIONS = [f for m in (consensus, commons, sweeps) for f in _public_functions(m)]
STOCHASTIC = [f for f in EXAMPLES if "rng" in inspect.signature(f).parameters]
ids = [f"{f.__module__.split('.')[-1]}.{f.__name__}" for f in ALL_FUNCTIONS]


def test_every_public_function_has_an_example():
    assert set(ALL_FUNCTIONS) == set(EXAMPLES)


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=ids)
def test_constraints_cover_every_parameter_and_the_docstring(func):
    declared = constraints_of(func)
    assert set(declared) == set(inspect.signature(func).parameters)
    assert "Valid ranges" in func.__doc__
    if func.__module__ != "socmodels.sweeps" and func is not commons.contributor_fraction:
        assert "References\n" in func.__doc__ and "Examples\n" in func.__doc__


def _call(func, replace=None):
    args, kwargs = EXAMPLES[func]
    args, kwargs = list(args), dict(kwargs)
    names = list(inspect.signature(func).parameters)
    if replace is not None:
        name, value = replace
        if names.index(name) < len(args):
            args[names.index(name)] = value
        else:
            kwargs[name] = value
    return func(*args, **kwargs)


BAD_CASES = [
    (func, name, value)
    for func in ALL_FUNCTIONS
    for name, constraint in constraints_of(func).items()
    for value in constraint.bad_values()
]


@pytest.mark.parametrize(
    ("func", "name", "value"),
    BAD_CASES,
    ids=[f"{f.__name__}-{n}-{i}" for i, (f, n, _) in enumerate(BAD_CASES)],
)
def test_declared_bad_values_are_rejected_by_name(func, name, value):
    with pytest.raises((TypeError, ValueError)) as info:
        _call(func, (name, value))
    assert name in str(info.value), str(info.value)


@pytest.mark.parametrize("func", list(EXAMPLES), ids=lambda f: f.__name__)
def test_examples_run(func):
    _call(func)


def _equal(a, b) -> bool:
    if dataclasses.is_dataclass(a):
        return all(_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "toarray"):
        return (a != b).nnz == 0
    if hasattr(a, "equals"):  # a pandas table
        return a.equals(b)
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind not in "biufc":
        return a.shape == b.shape and bool(np.all(a == b))
    return np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("func", STOCHASTIC, ids=lambda f: f.__name__)
def test_same_seed_same_result_other_seed_other_result(func):
    first = _call(func, ("rng", 7))
    assert _equal(first, _call(func, ("rng", 7)))
    assert not _equal(first, _call(func, ("rng", 8)))


@pytest.mark.parametrize("func", STOCHASTIC, ids=lambda f: f.__name__)
def test_rng_must_be_a_generator_or_seed(func):
    with pytest.raises(TypeError, match="rng"):
        _call(func, ("rng", "abc"))


@pytest.mark.parametrize(
    "func",
    [f for f in ALL_FUNCTIONS if "n_agents" in inspect.signature(f).parameters],
    ids=lambda f: f.__name__,
)
def test_bool_is_not_a_count(func):
    with pytest.raises(TypeError, match="n_agents"):
        _call(func, ("n_agents", True))


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=ids)
def test_results_are_frozen_dataclasses_never_tuples(func):
    result = _call(func)
    assert not isinstance(result, tuple)
    if dataclasses.is_dataclass(result):
        assert type(result).__dataclass_params__.frozen
        if hasattr(result, "trajectory") or hasattr(result, "fractions"):
            assert np.asarray(result.times).dtype.kind in "if"


# ----------------------------------------------------------------------------- explorers

REGISTRIES = {"consensus": consensus_explorers.EXPLORERS, "commons": commons_explorers.EXPLORERS}
ENTRIES = [(theme, name) for theme, registry in REGISTRIES.items() for name in sorted(registry)]


@pytest.mark.parametrize(("theme", "name"), ENTRIES)
def test_registered_explorer_has_the_documented_shape_and_renders(theme, name):
    spec = REGISTRIES[theme][name]
    assert set(spec) == {"render", "controls", "alt", "dpi"}
    assert all(isinstance(c, Control) for c in spec["controls"].values())
    assert int(np.prod([len(c.values) for c in spec["controls"].values()])) <= 40
    assert "rng" in inspect.signature(spec["render"]).parameters
    params = {k: c.values[c.default_index] for k, c in spec["controls"].items()}
    fig = spec["render"](**params)
    assert isinstance(fig, Figure)
    assert fig.get_layout_engine() is None  # fixed margins: one draw per frame
    plt.close(fig)


@pytest.mark.parametrize(("theme", "name"), ENTRIES)
def test_registered_explorer_describes_every_frame(theme, name):
    spec = REGISTRIES[theme][name]
    texts = set()
    for params in iter_grid(spec["controls"]):
        text = spec["alt"](**params)
        for value in params.values():
            assert str(value) in text, (value, text)
        texts.add(text)
    assert len(texts) == int(np.prod([len(c.values) for c in spec["controls"].values()]))
