"""Worker processes that hold the store and run queries, so any query can be stopped.

Oxigraph has no query timeout or cancel, and an aggregate computes everything before its
first row. Each worker is a process with its own copy of the store; a query that outlives
its deadline is answered with QueryTimeout and its worker is killed and replaced, while the
other workers keep answering.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from extratex_kg.errors import BadQuery, ExtratexError, QueryTimeout
from extratex_kg.sparql import QueryRequest, QueryResponse, execute

_CONTEXT = multiprocessing.get_context("spawn")
log = logging.getLogger(__name__)
READY = "ready"


UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def load_store(store: ox.Store, dump: Path) -> ox.Store:
    """Load an N-Quads dump, then make the default graph the RDF merge of every graph.

    Oxigraph's ``use_default_graph_as_union`` yields a triple once per graph holding it; a
    default graph that *is* the union (a set) answers like the SPARQL union default graph.
    """
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.update(UNION_INTO_DEFAULT)
    return store


def open_store(dump: Path, store_dir: Path | None) -> ox.Store:
    """An in-memory store loaded from an N-Quads dump, or an on-disk store opened read-only."""
    if store_dir is not None:
        return ox.Store.read_only(str(store_dir))
    return load_store(ox.Store(), dump)


def _serve(conn: Connection, dump: Path, store_dir: Path | None) -> None:  # pragma: no cover - child
    store = open_store(dump, store_dir)
    conn.send(READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            conn.send(execute(store, request))
        except ExtratexError as exc:
            conn.send(exc)
        except Exception as exc:  # no input may kill a worker: a bug becomes an error answer
            conn.send(BadQuery(f"the query could not be answered: {type(exc).__name__}: {exc}"))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


class WorkerPool:
    """A fixed number of query workers over the same data."""

    def __init__(self, dump: Path, workers: int = 2, store_dir: Path | None = None) -> None:
        self.dump = dump
        self.store_dir = store_dir
        self.size = max(1, workers)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the warmest worker first
        self._closed = False
        for worker in [self._start() for _ in range(self.size)]:
            self._await_ready(worker)
            self._idle.put(worker)

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(child, self.dump, self.store_dir), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _await_ready(worker: _Worker, limit: float = 120.0) -> None:
        try:
            ready = worker.conn.poll(limit) and worker.conn.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.process.kill()
            raise RuntimeError(f"a query worker did not start (exit code {worker.process.exitcode})")

    def run(self, request: QueryRequest) -> QueryResponse:
        """Run ``request`` on a free worker within ``request.timeout`` seconds, queueing included."""
        deadline = time.monotonic() + request.timeout
        try:
            worker = self._idle.get(timeout=max(0.0, request.timeout))
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {request.timeout:g} s") from None
        try:
            worker.conn.send(request)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                worker = None  # type: ignore[assignment]
                raise QueryTimeout(f"the query ran longer than its time limit of {request.timeout:g} s")
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            worker = None  # type: ignore[assignment]
            raise QueryTimeout("the query worker stopped unexpectedly") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if isinstance(answer, ExtratexError):
            raise answer
        assert isinstance(answer, QueryResponse)
        return answer

    def _replace(self, worker: _Worker) -> None:
        """Kill a stuck worker now; start its successor in the background."""
        _stop(worker)
        threading.Thread(target=self._restart, name="restart-query-worker", daemon=True).start()

    def _restart(self) -> None:
        if self._closed:
            return
        try:
            fresh = self._start()
            self._await_ready(fresh)
        except RuntimeError:
            log.exception("a replacement query worker failed to start; %d fewer worker(s)", 1)
            return
        if self._closed:  # the pool closed while the worker started
            _stop(fresh)
        else:
            self._idle.put(fresh)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                _stop(self._idle.get_nowait())
            except queue.Empty:
                return


def _stop(worker: _Worker) -> None:
    worker.conn.close()
    worker.process.kill()
    worker.process.join(timeout=5)
