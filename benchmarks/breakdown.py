"""Where extratex-kg's time goes on a query miss, step by step, without HTTP.

For each benchmark query on the synthetic dataset (built by ``benchmarks/run`` into
``benchmarks/.work``), the median of N runs of:

0. the engine as Oxigraph's server runs it: the quads bulk-loaded, queried with
   ``use_default_graph_as_union``;
1. the engine alone as extratex-kg runs it: ``store.query`` on a store loaded as the server's
   workers load it (``engine.load_store``: the union copied into the default graph), answers
   iterated;
2. plus extratex-kg's Python serialisation: ``sparql.execute`` (what a worker runs);
3. plus the worker process hop: ``WorkerPool.run`` with the default 2 workers (the server's
   path minus HTTP), and the same pool handing out its idle workers last-in-first-out;
4. for SELECTs, Oxigraph's own JSON writer (``QuerySolutions.serialize``) instead of (2).

Run with the project's Python, after ``benchmarks/run`` made the data:

    .venv/bin/python benchmarks/breakdown.py [--runs 60]
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from extratex_kg.engine import WorkerPool, load_store
from extratex_kg.runtime import combine
from extratex_kg.sparql import QueryRequest, execute

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
QUERIES = ("lookup", "join", "aggregate", "construct")


def median_ms(step: Callable[[int], object], runs: int) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def lifo(pool: WorkerPool) -> WorkerPool:
    """The same pool, its idle workers handed out last-in-first-out (the most recently used first)."""
    idle = []
    while not pool._idle.empty():
        idle.append(pool._idle.get())
    pool._idle = queue.LifoQueue()
    for worker in idle:
        pool._idle.put(worker)
    return pool


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args(argv)
    dump = combine(WORK / "dist" / "extratex.nq", (WORK / "synthetic.nq",), Path(tempfile.mkdtemp()))
    store = load_store(ox.Store(), dump)
    plain = ox.Store()  # as Oxigraph's server holds it: queried with union-default-graph
    plain.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    fifo_pool = WorkerPool(dump, 2)
    lifo_pool = lifo(WorkerPool(dump, 2))
    print(
        "| query | engine, Oxigraph's union default graph | engine only | + Python serialisation "
        "| + worker hop (FIFO, as now) | + worker hop (LIFO) | engine + Oxigraph's JSON writer |"
    )
    print("|---|---|---|---|---|---|---|")
    try:
        for name in QUERIES:
            text = (HERE / "queries" / f"{name}.rq").read_text(encoding="utf-8")
            fmt = "ntriples" if name == "construct" else "json"

            def request(i: int, tag: str, text: str = text, fmt: str = fmt) -> QueryRequest:
                return QueryRequest(query=f"{text}\n# {tag}{i}", format=fmt)

            union = median_ms(
                lambda i, t=text: list(plain.query(f"{t}\n# u{i}", use_default_graph_as_union=True)),
                args.runs,
            )
            engine = median_ms(lambda i, t=text: list(store.query(f"{t}\n# e{i}")), args.runs)
            python = median_ms(lambda i: execute(store, request(i, "x")), args.runs)
            fifo = median_ms(lambda i: fifo_pool.run(request(i, "f")), args.runs)
            last = median_ms(lambda i: lifo_pool.run(request(i, "l")), args.runs)
            native = "–"
            if name != "construct":
                writer = median_ms(
                    lambda i, t=text: store.query(f"{t}\n# n{i}").serialize(
                        format=ox.QueryResultsFormat.JSON
                    ),
                    args.runs,
                )
                native = f"{writer:.2f} ms"
            print(
                f"| {name} | {union:.2f} ms | {engine:.2f} ms | {python:.2f} ms | {fifo:.2f} ms "
                f"| {last:.2f} ms | {native} |"
            )
    finally:
        fifo_pool.close()
        lifo_pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
