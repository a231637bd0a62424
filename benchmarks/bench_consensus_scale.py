"""Scale budget of the consensus chapter: one synchronous step at 10^6 agents / 10^7 edges.

docs/architecture.md §7 asks for one synchronous Hegselmann–Krause or DeGroot step on 10^6
agents and 10^7 (undirected) edges in at most 0.1 s. This script builds an Erdős–Rényi
network with N = 10^6 and mean degree 20 (10^7 edges, 2 x 10^7 stored CSR entries), then
times, through the public API only,

* one step of ``degroot``'s loop: one sparse product ``W @ x`` (W = row-normalised A + I);
* one step of ``hegselmann_krause`` on that network (masked neighbourhood means, self
  included) and on the complete graph of 10^6 agents (sort + prefix sums);
* the public, validated ``degroot_step`` and ``hegselmann_krause_step`` (which add the
  argument checks on the matrix).

A step of a model's loop is measured as the difference between runs of ``STEPS`` and of
one step, divided by ``STEPS - 1``, so the one-off validation of a run cancels out. It
prints the best of ``--repeats`` timings for each and whether it meets the budget, then the
throughput (agent updates per second) of HK, Deffuant and the voter model at N = 5000, the
size at which docs/architecture.md §7 compares with peers.
Usage: ``python benchmarks/bench_consensus_scale.py [--agents N] [--mean-degree K]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from socmodels import consensus, networks

BUDGET_SECONDS = 0.1
STEPS = 6


def best_time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def per_step(run, repeats: int) -> float:
    """Seconds per step of ``run(max_steps)``, its one-off validation subtracted."""
    many = best_time(lambda: run(STEPS), repeats)
    one = best_time(lambda: run(1), repeats)
    return max(many - one, 0.0) / (STEPS - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    rng = np.random.default_rng(2024)
    start = time.perf_counter()
    adjacency = networks.erdos_renyi(args.agents, mean_degree=args.mean_degree, rng=rng)
    build = time.perf_counter() - start
    n_edges = adjacency.nnz // 2
    print(f"network: N = {args.agents:,}, undirected edges = {n_edges:,} (built in {build:.1f} s)")
    weights = consensus.degroot_weights(adjacency)
    x = rng.random(args.agents)
    epsilon = 0.2
    consensus.hegselmann_krause(x[:10], epsilon=epsilon, max_steps=1)  # compile the kernels
    consensus.hegselmann_krause_step(x[:10], epsilon=epsilon, adjacency=adjacency[:10][:, :10])

    def degroot_run(steps):
        return consensus.degroot(weights, x, max_steps=steps, n_records=1)

    def hk_network_run(steps):
        return consensus.hegselmann_krause(
            x, epsilon=epsilon, adjacency=adjacency, max_steps=steps, tol=0.0, n_records=1
        )

    def hk_complete_run(steps):
        return consensus.hegselmann_krause(
            x, epsilon=epsilon, max_steps=steps, tol=0.0, n_records=1
        )

    print(f"one synchronous step of the model's loop, best of {args.repeats}:")
    for label, run in [
        ("DeGroot step  W @ x (CSR, N + 2E entries)", degroot_run),
        ("HK step on the network (self included, |dx| <= eps)", hk_network_run),
        ("HK step on the complete graph (sort + prefix sums)", hk_complete_run),
    ]:
        seconds = per_step(run, args.repeats)
        verdict = "within" if seconds <= BUDGET_SECONDS else "OVER"
        print(f"  {label:56s} {seconds * 1e3:8.1f} ms  ({verdict} the {BUDGET_SECONDS} s budget)")

    # A lone public step also validates its arguments (the symmetry check of a 10^7-edge
    # matrix is the costly part).
    print("one public, validated step (best of 2):")
    for label, function in [
        ("degroot_step(W, x)", lambda: consensus.degroot_step(weights, x)),
        (
            "hegselmann_krause_step(x, adjacency)",
            lambda: consensus.hegselmann_krause_step(x, epsilon=epsilon, adjacency=adjacency),
        ),
    ]:
        seconds = best_time(function, 2)
        print(f"  {label:56s} {seconds * 1e3:8.1f} ms")


def throughput(n_agents: int = 5000) -> None:
    """Updates per second at the peer-comparison size (for a later ndlib comparison).

    Counted per *agent update* so that models with different schedules compare: one
    synchronous HK step updates N agents; one Deffuant round makes N/2 sequential meetings of
    random pairs or random edges (N agent updates; a meeting costs 2/N of a round); one
    voter sweep is N elementary updates.
    """
    rng = np.random.default_rng(7)
    x0 = rng.random(n_agents)
    network = networks.erdos_renyi(n_agents, mean_degree=10, rng=rng)
    half = np.r_[np.ones(n_agents // 2), np.zeros(n_agents - n_agents // 2)]
    consensus.voter_model(half[:10], rng=0)  # compile the kernels
    consensus.hegselmann_krause(x0[:10], epsilon=0.2, adjacency=network[:10][:, :10], max_steps=1)
    cases = [
        (
            "HK, complete graph (until fixed point)",
            lambda: consensus.hegselmann_krause(x0, epsilon=0.05, tol=0.0, n_records=1).n_steps_run,
        ),
        (
            "HK, ER network <k> = 10 (until fixed point, <= 1000 steps)",
            lambda: (
                consensus.hegselmann_krause(
                    x0, epsilon=0.05, adjacency=network, tol=0.0, n_records=1
                ).n_steps_run
            ),
        ),
        (
            "Deffuant, complete graph, 200 rounds",
            lambda: (
                consensus.deffuant(
                    x0, epsilon=0.2, max_steps=200, tol=0.0, check_every=10**6, rng=1
                ).n_steps_run
            ),
        ),
        (
            "Deffuant, ER network <k> = 10, 200 rounds (N/2 random edges each)",
            lambda: (
                consensus.deffuant(
                    x0,
                    epsilon=0.2,
                    adjacency=network,
                    max_steps=200,
                    tol=0.0,
                    check_every=10**6,
                    rng=1,
                ).n_steps_run
            ),
        ),
        (
            "voter, complete graph, 100 sweeps",
            lambda: consensus.voter_model(half, max_steps=100, rng=1).n_steps_run,
        ),
    ]
    print(f"throughput at N = {n_agents} (agent updates per second, best of 3):")
    for label, function in cases:
        best = np.inf
        for _ in range(3):
            start = time.perf_counter()
            sweeps = function()
            best = min(best, (time.perf_counter() - start) / sweeps)
        print(f"  {label:60s} {n_agents / best:10.3g} /s")


if __name__ == "__main__":
    main()
    throughput()
