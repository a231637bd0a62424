"""Scale budget of the consensus chapter: one synchronous step at 10^6 agents / 10^7 edges.

DESIGN.md §6 asks for one synchronous Hegselmann–Krause or DeGroot step on 10^6 agents
and 10^7 (undirected) edges in at most 0.1 s. This script builds an Erdős–Rényi network
with N = 10^6 and mean degree 20 (10^7 edges, 2 x 10^7 stored CSR entries), then times

* ``degroot_step`` internals: one sparse product ``W @ x`` (W = row-normalised A + I);
* one synchronous HK step on that network (masked neighbourhood means, self included);
* one synchronous HK step on the complete graph of 10^6 agents (sort + prefix sums);
* the public, validated ``hegselmann_krause_step`` (adds argument checks on the matrix).

It prints the best of ``--repeats`` timings for each and whether it meets the budget, then
whole runs including their one-off argument validation, and finally the throughput (agent
updates per second) of HK, Deffuant and the voter model at N = 5000, the size at which
DESIGN.md §6 compares with peers (a peer comparison script can import ``throughput``).
Usage: ``python benchmarks/bench_consensus_scale.py [--agents N] [--mean-degree K]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from socmodels import consensus, networks

BUDGET_SECONDS = 0.1


def best_time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=5)
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
    # hegselmann_krause loops over int32 CSR indices (see consensus._compact_csr_indices).
    indptr, indices = consensus._compact_csr_indices(adjacency)
    out = np.empty_like(x)
    consensus._hk_step_network(x, epsilon, indptr, indices, out)  # compile the kernels once
    consensus._matvec(weights, x)
    consensus._hk_step_complete(x[:10], epsilon)

    budget_rows = [
        ("DeGroot step  W @ x (CSR, N + 2E entries)", lambda: consensus._matvec(weights, x)),
        (
            "HK step on the network (self included, |dx| <= eps)",
            lambda: consensus._hk_step_network(x, epsilon, indptr, indices, out),
        ),
        (
            "HK step on the complete graph (sort + prefix sums)",
            lambda: consensus._hk_step_complete(x, epsilon),
        ),
    ]
    print(f"one synchronous step, best of {args.repeats}:")
    for label, function in budget_rows:
        seconds = best_time(function, args.repeats)
        verdict = "within" if seconds <= BUDGET_SECONDS else "OVER"
        print(f"  {label:56s} {seconds * 1e3:8.1f} ms  ({verdict} the {BUDGET_SECONDS} s budget)")

    # The models validate their arguments once per run (the symmetry check of a 10^7-edge
    # matrix is the costly part), then loop over the unvalidated step.
    steps = 10
    run_rows = [
        (
            "degroot(W, x, steps=10)",
            lambda: consensus.degroot(weights, x, steps=steps, record_every=0),
        ),
        (
            "hegselmann_krause(x, adjacency, max_steps=10)",
            lambda: consensus.hegselmann_krause(
                x,
                epsilon=epsilon,
                adjacency=adjacency,
                max_steps=steps,
                tol=0.0,
                record_every=0,
            ),
        ),
        (
            "hegselmann_krause(x, max_steps=10)  (complete graph)",
            lambda: consensus.hegselmann_krause(
                x, epsilon=epsilon, max_steps=steps, tol=0.0, record_every=0
            ),
        ),
    ]
    print(f"whole runs of {steps} steps including one-off validation (best of 2):")
    for label, function in run_rows:
        seconds = best_time(function, 2)
        print(f"  {label:56s} {seconds:8.2f} s   ({seconds / steps * 1e3:.0f} ms per step)")


def throughput(n_agents: int = 5000) -> None:
    """Updates per second at the peer-comparison size (for a later ndlib comparison).

    Counted per *agent update* so that models with different schedules compare: one
    synchronous HK step updates N agents; one Deffuant round makes N/2 meetings (N agent
    updates); one voter sweep is N elementary updates.
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
            lambda: consensus.hegselmann_krause(x0, epsilon=0.05, tol=0.0, record_every=0).steps,
        ),
        (
            "HK, ER network <k> = 10 (until fixed point, <= 1000 steps)",
            lambda: (
                consensus.hegselmann_krause(
                    x0, epsilon=0.05, adjacency=network, tol=0.0, record_every=0
                ).steps
            ),
        ),
        (
            "Deffuant, complete graph, 200 rounds",
            lambda: (
                consensus.deffuant(
                    x0, epsilon=0.2, max_rounds=200, tol=0.0, check_every=10**6, rng=1
                ).steps
            ),
        ),
        (
            "voter, complete graph, 100 sweeps",
            lambda: len(consensus.voter_model(half, max_sweeps=100, rng=1).density) - 1,
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
