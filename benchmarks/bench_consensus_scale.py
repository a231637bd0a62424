"""Scale budget of the consensus chapter: one synchronous step at 10^6 agents / 10^7 edges.

DESIGN.md §6 asks for one synchronous Hegselmann–Krause or DeGroot step on 10^6 agents
and 10^7 (undirected) edges in at most 0.2 s. This script builds an Erdős–Rényi network
with N = 10^6 and mean degree 20 (10^7 edges, 2 x 10^7 stored CSR entries), then times

* ``degroot_step`` internals: one sparse product ``W @ x`` (W = row-normalised A + I);
* one synchronous HK step on that network (masked neighbourhood means, self included);
* one synchronous HK step on the complete graph of 10^6 agents (sort + prefix sums);
* the public, validated ``hegselmann_krause_step`` (adds argument checks on the matrix).

It prints the best of ``--repeats`` timings for each and whether it meets the budget.
Usage: ``python benchmarks/bench_consensus_scale.py [--agents N] [--mean-degree K]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from socmodels import consensus, networks

BUDGET_SECONDS = 0.2


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


if __name__ == "__main__":
    main()
