"""Measures of inequality, concentration, network structure and opinion clusters.

Every chapter measures its societies with these functions: how unequal a
distribution of wealth or users is (Gini, Lorenz curve, top shares), how
concentrated a market is (Herfindahl–Hirschman index, entropy), how connected a
network is (giant component, isolates, clustering) and how many camps an opinion
distribution has. All take NumPy arrays or sparse adjacency matrices and are
vectorised (``scipy.sparse`` / ``scipy.sparse.csgraph``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.stats
from scipy.sparse import csgraph
from scipy.special import lambertw

from .contract import MAX_AGENTS, Adjacency, Array, Real, constrained

_VALUES = Array(1, low=0.0)
_NETWORK = Adjacency()
_WEIGHTED_NETWORK = Adjacency(weighted=True)

__all__ = [
    "average_clustering",
    "component_sizes",
    "er_giant_component",
    "error_bound",
    "count_opinion_clusters",
    "degree_distribution",
    "effective_number",
    "giant_component_fraction",
    "gini",
    "hhi",
    "Interval",
    "isolates_share",
    "local_clustering",
    "lorenz_curve",
    "mean_degree",
    "mean_interval",
    "opinion_cluster_sizes",
    "pareto_lorenz_curve",
    "shannon_entropy",
    "top_share",
]


def _positive_sum(name: str, array: np.ndarray) -> np.ndarray:
    """``array`` (checked non-negative) if its sum is positive, rescaled if the sum overflows.

    Every measure built on it is scale-invariant, so dividing by the maximum changes no
    result; it is done only when the sum would be infinite (values near 1e308), so ordinary
    inputs give bit-identical results.
    """
    with np.errstate(over="ignore"):
        total = array.sum()
    if total <= 0:
        raise ValueError(f"{name} must have a positive sum (all values are zero)")
    if not np.isfinite(total):
        array = array / array.max()
    return array


@constrained(values=_VALUES)
def gini(values) -> float:
    r"""Gini coefficient of a non-negative distribution.

    .. math::

        G = \frac{\sum_i \sum_j |x_i - x_j|}{2 n \sum_i x_i}
          = \frac{2 \sum_{i=1}^{n} i\, x_{(i)}}{n \sum_i x_i} - \frac{n + 1}{n},

    with :math:`x_{(i)}` sorted ascending. ``G = 0`` when everyone holds the
    same; ``G = (n - 1)/n`` when one holds everything. An exponential
    distribution has ``G = 1/2``.

    Parameters
    ----------
    values : array_like
        Non-negative, finite, not all zero.

    Returns
    -------
    float

    References
    ----------
    Gini, C. (1912). *Variabilità e mutabilità*. Cagliari: Tipografia di Paolo Cuppini.
    Reprinted in *Memorie di metodologica statistica* (1955), Rome: Libreria Eredi Virgilio
    Veschi.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])
    0.75
    """
    x = np.sort(_positive_sum("values", values))
    n = x.size
    rank = np.arange(1, n + 1)
    with np.errstate(over="ignore"):
        weighted = np.dot(rank, x)
    if not np.isfinite(weighted):  # ranks times values near 1e308 overflow: rescale
        x = x / x[-1]
        weighted = np.dot(rank, x)
    g = 2.0 * weighted / (n * x.sum()) - (n + 1.0) / n
    return float(max(g, 0.0))


@constrained(values=_VALUES)
def lorenz_curve(values) -> tuple[np.ndarray, np.ndarray]:
    """Lorenz curve: cumulative share held by the poorest fraction of the population.

    Returns
    -------
    population_share, value_share : numpy.ndarray
        Both of length ``n + 1``, starting at 0 and ending at 1. The Gini
        coefficient is twice the area between the curve and the diagonal.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association* 9, 209–219.
    https://doi.org/10.2307/2276207

    Examples
    --------
    >>> p, L = lorenz_curve([1, 3])
    >>> p.tolist(), L.tolist()
    ([0.0, 0.5, 1.0], [0.0, 0.25, 1.0])
    """
    x = np.sort(_positive_sum("values", values))
    population = np.linspace(0.0, 1.0, x.size + 1)
    cumulative = np.concatenate([[0.0], np.cumsum(x)])
    return population, cumulative / cumulative[-1]


@constrained(values=_VALUES, fraction=Real(0.0, 1.0, low_open=True))
def top_share(values, *, fraction=0.1) -> float:
    """Share of the total held by the richest ``fraction`` of the population.

    The top group has ``ceil(fraction * n)`` members (at least one).

    References
    ----------
    Piketty, T. & Saez, E. (2003). Income inequality in the United States, 1913–1998.
    *The Quarterly Journal of Economics* 118, 1–41. https://doi.org/10.1162/00335530360535135

    Examples
    --------
    >>> top_share([1, 1, 1, 7], fraction=0.25)
    0.7
    """
    x = _positive_sum("values", values)
    k = max(1, int(np.ceil(fraction * x.size - 1e-12)))
    top = np.partition(x, x.size - k)[x.size - k :]
    return float(top.sum() / x.sum())


def _shares(sizes: np.ndarray) -> np.ndarray:
    x = _positive_sum("sizes", sizes)
    return x / x.sum()


@constrained(sizes=_VALUES)
def hhi(sizes) -> float:
    r"""Herfindahl–Hirschman index of market concentration, :math:`H = \sum_i s_i^2`.

    ``sizes`` (users, revenue, …) are turned into shares :math:`s_i`. ``H = 1/N``
    for N equal firms and ``H = 1`` for a monopoly. (Antitrust practice often
    reports 10 000 H, with shares in per cent.)

    References
    ----------
    Rhoades, S. A. (1993). The Herfindahl–Hirschman index. *Federal Reserve
    Bulletin* 79, 188–189.

    Examples
    --------
    >>> hhi([5, 5, 5, 5])
    0.25
    >>> hhi([1, 0, 0])
    1.0
    """
    s = _shares(sizes)
    return float(np.dot(s, s))


@constrained(sizes=_VALUES)
def shannon_entropy(sizes) -> float:
    r"""Shannon entropy of the shares, :math:`-\sum_i s_i \ln s_i` (nats; 0 ln 0 = 0).

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
    Journal* 27, 379–423. https://doi.org/10.1002/j.1538-7305.1948.tb01338.x

    Examples
    --------
    >>> round(shannon_entropy([1, 1]), 6)
    0.693147
    """
    return _entropy_of_shares(_shares(sizes))


def _entropy_of_shares(shares: np.ndarray) -> float:
    """Entropy of shares already summing to 1 (also the per-row loop of
    :func:`socmodels.dividends.dividend_economy`, which checks its rows once)."""
    s = shares[shares > 0]
    return float(-np.dot(s, np.log(s)))


@constrained(sizes=_VALUES)
def effective_number(sizes) -> float:
    """Effective number of equal-sized players, ``exp(entropy)`` (Hill number of order 1).

    References
    ----------
    Hill, M. O. (1973). Diversity and evenness: a unifying notation and its consequences.
    *Ecology* 54, 427–432. https://doi.org/10.2307/1934352

    Examples
    --------
    >>> round(effective_number([3, 3, 3]), 6)
    3.0
    """
    return float(np.exp(_entropy_of_shares(_shares(sizes))))


@constrained(adjacency=_WEIGHTED_NETWORK)
def component_sizes(adjacency) -> np.ndarray:
    """Sizes of the connected components, largest first.

    References
    ----------
    Newman, M. E. J. (2018). *Networks*, 2nd ed. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> from socmodels.networks import from_edges
    >>> component_sizes(from_edges(5, [0, 1], [1, 2])).tolist()
    [3, 1, 1]
    """
    _, labels = csgraph.connected_components(adjacency, directed=False)
    return np.sort(np.bincount(labels))[::-1]


@constrained(adjacency=_WEIGHTED_NETWORK)
def giant_component_fraction(adjacency) -> float:
    """Fraction of nodes in the largest connected component.

    In an Erdős–Rényi graph of mean degree ``c`` it tends to the root ``S`` of
    ``S = 1 - exp(-c S)``: zero for ``c <= 1``, ``S(2) = 0.7968``.

    References
    ----------
    Newman, M. E. J. (2018). *Networks*, 2nd ed. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> giant_component_fraction(star_graph(10))
    1.0
    """
    sizes = component_sizes.__wrapped__(adjacency)
    return float(sizes[0] / sizes.sum())


@constrained(adjacency=_WEIGHTED_NETWORK)
def isolates_share(adjacency) -> float:
    """Share of nodes with no ties at all.

    References
    ----------
    Newman, M. E. J. (2018). *Networks*, 2nd ed. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> from socmodels.networks import from_edges
    >>> isolates_share(from_edges(4, [0], [1]))
    0.5
    """
    return float(np.mean(np.diff(adjacency.indptr) == 0))


@constrained(adjacency=_WEIGHTED_NETWORK)
def mean_degree(adjacency) -> float:
    """Mean number of ties per node, ``2E / n``.

    References
    ----------
    Newman, M. E. J. (2018). *Networks*, 2nd ed. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> from socmodels.networks import complete_graph
    >>> mean_degree(complete_graph(5))
    4.0
    """
    return float(adjacency.nnz / adjacency.shape[0])


@constrained(adjacency=_NETWORK)
def local_clustering(adjacency) -> np.ndarray:
    r"""Local clustering coefficient of every node.

    .. math:: C_i = \frac{2 T_i}{k_i (k_i - 1)},

    where :math:`T_i` is the number of triangles through node *i* and
    :math:`k_i` its degree; :math:`C_i = 0` when :math:`k_i < 2` (the networkx
    convention). Triangles are counted as :math:`T_i = \tfrac12 [(A A) \circ A]
    \mathbf 1`, a sparse product over existing edges only.

    References
    ----------
    Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
    networks. *Nature* 393, 440–442. https://doi.org/10.1038/30918

    Examples
    --------
    >>> from socmodels.networks import complete_graph, star_graph
    >>> local_clustering(complete_graph(4)).tolist()
    [1.0, 1.0, 1.0, 1.0]
    >>> local_clustering(star_graph(4)).tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    matrix = sp.csr_array(adjacency, dtype=np.float64)
    k = np.diff(matrix.indptr).astype(np.float64)
    # Paths of length two that close into a triangle, counted per node.
    closed = (matrix @ matrix).multiply(matrix).sum(axis=1)
    triangles = np.asarray(closed).ravel() / 2.0
    pairs = k * (k - 1.0) / 2.0
    out = np.zeros_like(k)
    np.divide(triangles, pairs, out=out, where=pairs > 0)
    return out


@constrained(adjacency=_NETWORK)
def average_clustering(adjacency) -> float:
    """Mean local clustering over all nodes (nodes of degree < 2 count as 0).

    Equal to :func:`networkx.average_clustering` on the same graph. For an
    Erdős–Rényi graph it is about ``<k>/n``; social networks have far more.

    References
    ----------
    Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
    networks. *Nature* 393, 440–442. https://doi.org/10.1038/30918

    Examples
    --------
    >>> from socmodels.networks import square_lattice
    >>> average_clustering(square_lattice(5))
    0.0
    """
    return float(local_clustering.__wrapped__(adjacency).mean())


@constrained(adjacency=_NETWORK)
def degree_distribution(adjacency) -> tuple[np.ndarray, np.ndarray]:
    """Degree distribution: degrees ``k`` that occur and their frequencies ``P(k)``.

    References
    ----------
    Newman, M. E. J. (2018). *Networks*, 2nd ed. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> from socmodels.networks import star_graph
    >>> k, p = degree_distribution(star_graph(5))
    >>> k.tolist(), p.tolist()
    ([1, 4], [0.8, 0.2])
    """
    counts = np.bincount(np.diff(adjacency.indptr))
    k = np.flatnonzero(counts)
    return k, counts[k] / adjacency.shape[0]


@constrained(opinions=Array(1), gap=Real(0.0, None, low_open=True))
def opinion_cluster_sizes(opinions, *, gap) -> np.ndarray:
    """Sizes of opinion clusters in a 1-D opinion vector, largest first.

    Opinions are sorted and split wherever two consecutive values differ by
    more than ``gap``. After a bounded-confidence model converges, opinions in
    one cluster coincide (up to numerical noise) and distinct clusters are at
    least the confidence bound apart, so any ``gap`` well between the two
    separates them.

    Parameters
    ----------
    opinions : array_like
        One-dimensional, finite.
    gap : float
        Positive splitting distance.

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3, 87–98.
    https://doi.org/10.1142/S0219525900000078

    Examples
    --------
    >>> opinion_cluster_sizes([0.10, 0.11, 0.5, 0.9, 0.91, 0.92], gap=0.05).tolist()
    [3, 2, 1]
    """
    x = np.sort(opinions)
    edges = np.concatenate([_cluster_starts(x, gap), [x.size]])
    return np.sort(np.diff(edges))[::-1]


def _cluster_starts(sorted_opinions: np.ndarray, gap: float) -> np.ndarray:
    """Where each opinion cluster starts in sorted opinions: the package's one gap rule.

    A new cluster starts wherever two consecutive sorted opinions differ by more than
    ``gap`` (also used by :func:`socmodels.consensus.opinion_clusters`).
    """
    return np.concatenate([[0], np.flatnonzero(np.diff(sorted_opinions) > gap) + 1])


@constrained(
    opinions=Array(1),
    gap=Real(0.0, None, low_open=True),
    min_fraction=Real(0.0, 1.0, high_open=True),
)
def count_opinion_clusters(opinions, *, gap, min_fraction=0.0) -> int:
    """Number of opinion clusters holding more than ``min_fraction`` of agents.

    ``min_fraction`` separates *major* clusters from a few stragglers, as in
    the cluster counts of Deffuant et al. (2000).

    References
    ----------
    Deffuant, G., Neau, D., Amblard, F. & Weisbuch, G. (2000). Mixing beliefs among
    interacting agents. *Advances in Complex Systems* 3, 87–98.
    https://doi.org/10.1142/S0219525900000078

    Examples
    --------
    >>> count_opinion_clusters([0.1, 0.1, 0.1, 0.9, 0.9, 0.5], gap=0.05)
    3
    >>> count_opinion_clusters([0.1, 0.1, 0.1, 0.9, 0.9, 0.5], gap=0.05, min_fraction=0.2)
    2
    """
    sizes = opinion_cluster_sizes.__wrapped__(opinions, gap=gap)
    return int(np.count_nonzero(sizes > min_fraction * sizes.sum()))


@constrained(population_share=Array(1, low=0.0, high=1.0), alpha=Real(1.0, 1e6, low_open=True))
def pareto_lorenz_curve(population_share, *, alpha) -> np.ndarray:
    r"""Analytic Lorenz curve of a Pareto distribution with tail exponent ``alpha > 1``.

    .. math:: L(p) = 1 - (1 - p)^{1 - 1/\alpha}, \qquad G = \frac{1}{2\alpha - 1}.

    References
    ----------
    Kakwani, N. C. & Podder, N. (1973). On the estimation of Lorenz curves from grouped
    observations. *International Economic Review* 14, 278–292.
    https://doi.org/10.2307/2525921

    Examples
    --------
    >>> pareto_lorenz_curve([0.0, 1.0], alpha=2.0).tolist()
    [0.0, 1.0]
    """
    p = population_share
    return 1.0 - (1.0 - p) ** (1.0 - 1.0 / alpha)


@constrained(mean_degree=Array((0, 1), low=0.0, max_size=MAX_AGENTS))
def er_giant_component(mean_degree) -> np.ndarray | float:
    r"""Giant-component fraction of a large Erdős–Rényi graph, the root of :math:`S = 1 - e^{-cS}`.

    .. math:: S(c) = 1 + \frac{W_0(-c\, e^{-c})}{c} \quad (c > 1), \qquad S(c) = 0 \quad (c \le 1),

    with :math:`W_0` the principal branch of the Lambert W function.

    Parameters
    ----------
    mean_degree : float or array_like
        Mean degree(s) ``c >= 0``.

    References
    ----------
    Erdős, P. & Rényi, A. (1960). On the evolution of random graphs. *Publications of the
    Mathematical Institute of the Hungarian Academy of Sciences* 5, 17–61.
    Newman, M. E. J. (2018). *Networks*, 2nd ed., §11.5. Oxford University Press.
    https://doi.org/10.1093/oso/9780198805090.001.0001

    Examples
    --------
    >>> round(er_giant_component(2.0), 4)
    0.7968
    >>> er_giant_component(0.5)
    0.0
    >>> er_giant_component([0.5, 1.0])
    array([0., 0.])
    """
    scalar = mean_degree.ndim == 0
    c = np.atleast_1d(mean_degree)
    s = np.zeros_like(c)
    above = c > 1.0
    ca = c[above]
    s[above] = 1.0 + np.real(lambertw(-ca * np.exp(-ca), 0)) / ca
    s = np.clip(s, 0.0, 1.0)  # rounding in W near c = 1 must not give a tiny negative S
    return float(s[0]) if scalar else s


# ============================================================================ replicates


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval (``mean_interval``'s result).

    Attributes
    ----------
    estimate, low, high : float or ndarray
        The mean and the interval's ends (``low <= estimate <= high``); arrays, one entry
        per row, when :func:`mean_interval` was given a 2-d array.
    n : int
        Number of runs behind each estimate.

    Iterating gives ``(estimate, half_width)``, so ``mean, half = mean_interval(x)``
    reads like the text's "mean ± half".

    Examples
    --------
    >>> ci = Interval(estimate=2.0, low=1.5, high=2.5, n=10)
    >>> ci.half_width, tuple(ci)
    (0.5, (2.0, 0.5))
    """

    estimate: float | np.ndarray
    low: float | np.ndarray
    high: float | np.ndarray
    n: int

    @property
    def half_width(self) -> float | np.ndarray:
        """Half the interval's width (the "±" of the text)."""
        return 0.5 * (self.high - self.low)

    def __iter__(self):
        return iter((self.estimate, self.half_width))


#: Largest magnitude of a replicate value: squares and sums of up to MAX_RUNS × 100 of
#: them stay finite in float64.
_MAX_REPLICATE_VALUE = 1e150


@constrained(
    values=Array(
        (1, 2),
        min_size=2,
        max_size=10_000_000,
        low=-_MAX_REPLICATE_VALUE,
        high=_MAX_REPLICATE_VALUE,
    ),
    confidence=Real(0, 1, low_open=True, high_open=True),
)
def mean_interval(values, *, confidence=0.95) -> Interval:
    r"""Mean of replicate results with its Student-t confidence interval.

    For the :math:`n` values :math:`x_1, \dots, x_n` of :math:`n` independent runs,

    .. math:: \bar x \pm t_{n-1,\,(1+c)/2}\; \frac{s}{\sqrt n},
              \qquad s^2 = \frac{1}{n-1} \sum_i (x_i - \bar x)^2,

    with :math:`c` the confidence (0.95: the book's 95 % intervals). The one interval of
    the book's replicated claims: models, validation checks and figures all use it.

    Parameters
    ----------
    values : array_like of float, shape (n,) or (points, n)
        One value per run (``n >= 2``); a 2-d array gives one interval per row.
    confidence : float
        Coverage of the interval, in (0, 1).

    Returns
    -------
    Interval
        ``estimate``, ``low``, ``high`` (floats, or arrays for 2-d ``values``) and ``n``.

    References
    ----------
    Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.
    https://doi.org/10.1093/biomet/6.1.1

    Examples
    --------
    >>> ci = mean_interval([1.0, 2.0, 3.0])
    >>> ci.estimate, round(ci.half_width, 3)
    (2.0, 2.484)
    >>> mean, half = mean_interval([[1.0, 3.0], [2.0, 2.0]])
    >>> mean.tolist(), round(float(half[0]), 3), float(half[1])
    ([2.0, 2.0], 12.706, 0.0)
    """
    n = values.shape[-1]
    if n < 2:
        raise ValueError(f"values must hold at least 2 runs per row, got shape {values.shape}")
    mean = values.mean(axis=-1)
    sd = values.std(axis=-1, ddof=1)
    half = scipy.stats.t.ppf((1 + confidence) / 2, n - 1) * sd / np.sqrt(n)
    if values.ndim == 1:
        mean, half = float(mean), float(half)
    return Interval(mean, mean - half, mean + half, n)


@constrained(error=Real(0.0, 1e300))
def error_bound(error) -> float:
    r"""The power of ten at or above a numerical error: what prose can quote of it.

    An error between two ways of computing the same number (an iteration and its exact
    limit, an integrator and a closed form) lives in the last bits of a double, and those
    bits depend on the processor: NumPy and OpenBLAS pick their vector instructions at
    run time, so an error of 1.4e-15 on one machine is 1.6e-15 on another. Its decade,

    .. math:: 10^{\lceil \log_{10} \max(e,\ 10^{-16}) \rceil},

    is the same on every machine, so a chapter that says "they agree to within 1e-14"
    says the same thing wherever it is re-executed. Errors below :math:`10^{-16}`, the
    precision of a double near 1, are quoted as :math:`10^{-16}`.

    Parameters
    ----------
    error : float
        A non-negative error, at most 1e300.

    Returns
    -------
    float
        The smallest power of ten at or above ``error`` (at least 1e-16).

    References
    ----------
    Goldberg, D. (1991). What every computer scientist should know about floating-point
    arithmetic. *ACM Computing Surveys*, 23(1), 5–48. https://doi.org/10.1145/103162.103163

    Examples
    --------
    >>> error_bound(1.4432899320e-15), error_bound(1.6098233857e-15)
    (1e-14, 1e-14)
    >>> error_bound(0.0), error_bound(0.03)
    (1e-16, 0.1)
    """
    exponent = int(np.ceil(np.log10(max(float(error), 1e-16))))
    return float(10.0**exponent)
