"""The readable measures against the package's fast versions."""

from __future__ import annotations

import numpy as np
import pytest

from socmodels import measures
from socmodels.rules import measures as rules
from socmodels.rules import show

SAMPLES = {
    "equal": np.ones(7),
    "one has all": np.array([0.0, 0.0, 0.0, 5.0]),
    "exponential": np.random.default_rng(1).exponential(size=300),
    "pareto": np.random.default_rng(2).pareto(1.5, size=300) + 1.0,
    "integers": np.random.default_rng(3).integers(0, 50, size=101).astype(float) + 1,
}


@pytest.mark.parametrize("name", SAMPLES)
def test_gini_rule_is_measures_gini(name):
    x = SAMPLES[name]
    assert rules.gini_rule(list(x)) == pytest.approx(measures.gini(x), rel=1e-12, abs=1e-12)


def test_gini_rule_known_values():
    assert rules.gini_rule([1, 1, 1, 1]) == 0.0
    assert rules.gini_rule([0, 0, 0, 4]) == pytest.approx(0.75)  # (n - 1) / n


@pytest.mark.parametrize("name", SAMPLES)
def test_lorenz_rule_is_measures_lorenz_curve(name):
    x = SAMPLES[name]
    p, share = measures.lorenz_curve(x)
    points = np.array(rules.lorenz_rule(list(x)))
    np.testing.assert_allclose(points[:, 0], p, rtol=0, atol=1e-12)
    np.testing.assert_allclose(points[:, 1], share, rtol=0, atol=1e-12)
    # The Gini coefficient is twice the area between the diagonal and the curve.
    area = np.sum(np.diff(points[:, 0]) * (points[1:, 1] + points[:-1, 1]) / 2)
    assert 1 - 2 * area == pytest.approx(measures.gini(x), abs=1e-12)


@pytest.mark.parametrize(
    "sizes", [[25, 25, 25, 25], [85, 5, 5, 5], [100, 0, 0, 0], list(SAMPLES["pareto"])]
)
def test_effective_number_rule_is_measures_effective_number(sizes):
    assert rules.effective_number_rule(sizes) == pytest.approx(
        measures.effective_number(sizes), rel=1e-12
    )


def test_effective_number_rule_known_values():
    assert rules.effective_number_rule([3, 3, 3]) == pytest.approx(3.0)
    assert rules.effective_number_rule([1, 0, 0]) == 1.0


def test_rules_are_shown_from_the_package():
    for rule in (rules.gini_rule, rules.lorenz_rule, rules.effective_number_rule):
        assert rule.__name__ in repr(show(rule))
