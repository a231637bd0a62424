"""The validation appendix's checks, asserted: every row of its table is a test.

``chapters/validation/validation.ipynb`` shows :func:`socmodels.validation.run_checks` as a
table; here each registered check must pass, so the page and the test suite agree.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from socmodels import spreading, validation
from socmodels.plots import validation as validation_plots

ROOT = Path(__file__).resolve().parent.parent
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(), re.M))

#: The published results the book reproduces, by source: the appendix must cover each.
PUBLISHED_SOURCES = {
    "degroot1974",
    "golub2010",
    "friedkin1990",
    "deffuant2000",
    "fortunato2004",
    "fortunato2005",
    "sood2005",
    "erdos1960",
    "dorogovtsev2000",
    "dragulescu2000",
    "boghosian2015",
    "boghosian2017",
    "szolnoki2009",
    "davidsen2002",
    # the three new chapters (issues #17, #18, #19)
    "wilensky1997",
    "castellano2000",
    "holme2006",
    "sirbu2019",
    "newman2002",
    "pastorsatorras2001",
    "watts2002",
    "centola2007",
    "sudbury1985",
    "daley1965",
    "berg1995",
    "manapat2013",
    "nowak1998",
    "ohtsuki2004",
    "pacheco2006",
    "xie2011",
    "sigmund2010",
}

#: Every model module of the book (docs/architecture.md §1) must have checks in the appendix.
MODEL_MODULES = (
    "atomization",
    "consensus",
    "dividends",
    "commons",
    "networks",
    "spreading",
    "trust",
    "aggregation",
)


@pytest.mark.parametrize("name", list(validation.CHECKS))
def test_check_passes(name):
    row = validation.run_check(name)
    assert isinstance(row, validation.CheckResult)
    assert row.name == name
    assert row.source in BIB_KEYS
    assert row.passed, (
        f"{row.model}: {row.result} [{row.source}] — expected {row.expected}, measured "
        f"{row.measured} ({row.criterion}; {row.setup})"
    )


def test_registry_covers_design_results_and_every_model_module():
    # Sources are declared with each check: read them without running all.
    cited = set(validation.CHECK_SOURCES.values())
    assert set(validation.CHECK_SOURCES) == set(validation.CHECKS)
    assert PUBLISHED_SOURCES <= cited, sorted(PUBLISHED_SOURCES - cited)
    assert cited <= BIB_KEYS, sorted(cited - BIB_KEYS)
    # Every model module is exercised by some check (the modules a check's code refers to,
    # through the helpers it calls, found with inspect rather than by reading source text).
    used = set()
    for check in validation.CHECKS.values():
        used |= _modules_used(check.__wrapped__)
    assert set(MODEL_MODULES) <= used, sorted(set(MODEL_MODULES) - used)


def _global_names(code):
    """Global names a code object uses, its comprehensions and nested functions included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _global_names(const)
    return names


def _modules_used(function, seen=None):
    seen = set() if seen is None else seen
    if function in seen:
        return set()
    seen.add(function)
    used = set()
    for name in _global_names(function.__code__):
        value = function.__globals__.get(name)
        if inspect.ismodule(value) and value.__name__.startswith("socmodels."):
            used.add(value.__name__.rsplit(".", 1)[-1])
        elif callable(value) and getattr(value, "__module__", None) == validation.__name__:
            target = inspect.unwrap(value)  # through functools.lru_cache and wraps
            if inspect.isfunction(target):
                used |= _modules_used(target, seen)
    return used


def test_daley_kendall_row_rejects_the_ordered_pairs_slip():
    # Counting each pair of spreaders twice (s(s − 1) ordered pairs instead of s(s − 1)/2)
    # ends near 0.285: the row's tolerance must reject it.
    def ordered_pairs(counts, rng):
        ignorant, spreader, stifler = counts
        with_ignorant, two_spreaders = spreader * ignorant, spreader * (spreader - 1)
        u = rng.random() * (with_ignorant + two_spreaders + spreader * stifler)
        if u < with_ignorant:
            return np.array([ignorant - 1, spreader + 1, stifler])
        if u < with_ignorant + two_spreaders:
            return np.array([ignorant, spreader - 2, stifler + 2])
        return np.array([ignorant, spreader - 1, stifler + 1])

    row = validation.run_check("daley_kendall_never_heard")
    assert row.passed and row.expected == pytest.approx(0.2032, abs=1e-4)
    slip = np.mean(
        [spreading.daley_kendall(10_000, rng=k, step=ordered_pairs).never_heard for k in range(5)]
    )
    wrong = validation.CheckResult.judge(
        "slip", row.model, row.result, row.source, row.expected, slip, row.tolerance
    )
    assert not wrong.passed and slip == pytest.approx(0.285, abs=0.015)


def test_checks_are_deterministic():
    first = validation.run_check("golub_jackson_wise")
    second = validation.run_check("golub_jackson_wise")
    assert first == second


# --------------------------------------------------------------------------- pass rule


@pytest.mark.parametrize(
    "relation, measured, passed",
    [
        ("≈", 1.04, True),
        ("≈", 1.06, False),
        ("≈", 0.94, False),
        ("≥", 0.96, True),
        ("≥", 0.94, False),
        ("≤", 1.04, True),
        ("≤", 1.06, False),
        ("≈", float("nan"), False),
    ],
)
def test_pass_rule_can_fail(relation, measured, passed):
    row = validation.CheckResult.judge("x", "m", "r", "erdos1960", 1.0, measured, 0.05, relation)
    assert row.passed is passed


def test_criterion_text():
    row = validation.CheckResult.judge("x", "m", "r", "erdos1960", 0.7968, 0.79, 0.01)
    assert row.criterion == "|measured − 0.7968| ≤ 0.01"
    row = validation.CheckResult.judge("x", "m", "r", "erdos1960", 1.0, 1.0, 0.1, "≥")
    assert row.criterion == "measured ≥ 0.9"


def test_results_table_has_one_row_per_check():
    rows = [validation.run_check(name) for name in ("golub_jackson_star", "degroot_limit")]
    table = validation.results_table(rows)
    assert list(table["model"]) == [row.model for row in rows]
    assert set(table.columns) >= {"model", "result", "source", "expected", "measured", "pass"}
    assert table["pass"].tolist() == ["✓ pass", "✓ pass"]


# --------------------------------------------------------------------------- curves


def test_giant_component_curve_is_a_tidy_sweep_and_a_copy():
    curve = validation.giant_component_curve()
    assert len(curve) == len(validation.GIANT_CURVE_DEGREES) * 4
    assert {"mean_degree", "seed_index", "giant_fraction", "theory"} <= set(curve.columns)
    curve["giant_fraction"] = -1.0
    assert (validation.giant_component_curve()["giant_fraction"] >= 0).all()


def test_er_theory_is_the_fixed_point():
    for c in (1.5, 2.0, 4.0):
        s = validation.er_giant_theory(c)
        assert s == pytest.approx(1 - np.exp(-c * s), abs=1e-12)
    assert validation.er_giant_theory(0.9) == 0.0


# --------------------------------------------------------------------------- bad input


def test_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="name"):
        validation.run_check("no_such_check")
    with pytest.raises(TypeError, match="names"):
        validation.run_checks("er_giant_at_2")
    with pytest.raises(TypeError, match="results"):
        validation.results_table([1.0])
    with pytest.raises(ValueError, match="model"):
        validation.bounded_confidence_curve("voter")
    with pytest.raises(ValueError, match="relation"):
        validation.CheckResult.judge("x", "m", "r", "erdos1960", 1.0, 1.0, 0.1, "=")


def test_plot_functions_validate_inputs():
    table = pd.DataFrame({"mean_degree": [1.0], "giant_fraction": [0.0]})
    with pytest.raises(TypeError, match="curve"):
        validation_plots.plot_giant_component([1, 2], [1.0], [0.0])
    with pytest.raises(ValueError, match="theory_mean_degree"):
        validation_plots.plot_giant_component(table, [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="hk_curve"):
        validation_plots.plot_bounded_confidence(
            pd.DataFrame({"epsilon": [0.2], "major_clusters": [2]}), pd.DataFrame({"x": [1]})
        )
    with pytest.raises(ValueError, match="curve"):
        validation_plots.plot_cooperation_curve(pd.DataFrame(columns=["synergy"]))
    coop = pd.DataFrame({"synergy": [4.0], "late_cooperation": [0.5]})
    with pytest.raises(ValueError, match="lower_threshold"):
        validation_plots.plot_cooperation_curve(coop, lower_threshold=6.0)


def test_plot_functions_return_figures():
    giant = pd.DataFrame({"mean_degree": [1.0, 2.0, 2.0], "giant_fraction": [0.0, 0.79, 0.80]})
    bc = pd.DataFrame(
        {"epsilon": [0.1, 0.2, 0.2], "major_clusters": [4, 2, 2], "consensus": [0, 0, 1]}
    )
    coop = pd.DataFrame({"synergy": [3.5, 4.5], "late_cooperation": [0.0, 0.7]})
    figures = [
        validation_plots.plot_giant_component(giant, [1.0, 2.0], [0.0, 0.7968]),
        validation_plots.plot_bounded_confidence(bc, bc),
        validation_plots.plot_cooperation_curve(coop),
    ]
    for figure in figures:
        assert isinstance(figure, Figure)
        assert figure.axes
