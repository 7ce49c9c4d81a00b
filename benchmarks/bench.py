"""Benchmark extratex-kg's SPARQL endpoint against Oxigraph's server and rdflib-endpoint.

Same data, same queries, one server timed at a time (the others idle), all on 127.0.0.1:

1. builds the project's graph (``extratex-kg build``) and generates a synthetic graph;
2. for each dataset (the shipped build; the build plus the synthetic graph) starts every
   server, checks that they all give the same answers, then times each query on each server:
   requests per second under load (wrk) and sequential latency percentiles (p50/p99);
3. prints markdown tables, with the ratios the targets are about, and writes them (and all
   raw figures) into ``benchmarks/.work/``.

Every server is stopped by its process id at the end, on errors and on Ctrl-C. Run it
through ``benchmarks/run``, which installs what it needs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
QUERIES = ("lookup", "join", "aggregate", "construct")
SELECT_TYPE = "application/sparql-results+json"
GRAPH_TYPE = "application/n-triples"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    XSD + name
    for name in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}
# (server, mode): the columns of the tables. "cold": every request distinct (no cache can
# answer it); "cached": the same request repeated (extratex-kg answers it from its cache);
# "repeat": the same request repeated on a server without an answer cache.
CONTENDERS = (
    ("ours", "cold", "extratex-kg cold"),
    ("ours", "cached", "extratex-kg cached"),
    ("oxigraph-disk", "repeat", "Oxigraph on disk"),
    ("oxigraph-mem", "repeat", "Oxigraph in memory"),
    ("rdflib", "repeat", "rdflib-endpoint"),
)
SERVERS = ("ours", "oxigraph-disk", "oxigraph-mem", "rdflib")
SERVER_NAMES = {
    "ours": "extratex-kg",
    "oxigraph-disk": "Oxigraph on disk",
    "oxigraph-mem": "Oxigraph in memory",
    "rdflib": "rdflib-endpoint",
}


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Stop(Exception):
    """SIGTERM: unwind and stop the servers, as for Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Stop(f"signal {signum}")


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


@dataclass
class Proc:
    """A process this script started, in its own process group, stopped by its id."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, name: str, cmd: list[str], env: dict[str, str] | None = None) -> Proc:
        log = WORK / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            popen = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        say(f"started {name} (pid {popen.pid}): {' '.join(cmd)}")
        return cls(name, popen, log)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        """SIGTERM to the process group it leads (its workers too), then SIGKILL after 10 s."""
        pid = self.popen.pid
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, sig)
            try:
                self.popen.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # whatever of the group outlived its leader
        say(f"stopped {self.name} (pid {pid})")

    def rss_mb(self) -> float:
        """Resident memory of every process in its group (the server and its workers), in MB."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == self.popen.pid:  # the process group id
                    total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        return total / 1e6

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> str:
    """Run a command to completion (bounded in time); its output, or an error with it."""
    say("running " + " ".join(cmd))
    done = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{cmd[0]} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return done.stdout + done.stderr


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy since boot (user, nice, system, irq, softirq, steal)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def group_cpu_seconds(groups: set[int]) -> float:
    """CPU seconds used by the live processes of these process groups."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) in groups:
                total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


class CpuWatch:
    """How much CPU processes other than the benchmark's own used while it measured.

    On a shared machine another job (a test suite, a stray server) takes CPU from the server
    being measured; a cell where others used more than ``LIMIT`` of the machine is flagged.
    """

    LIMIT = 0.10

    def __init__(self, groups: set[int]) -> None:
        self.groups = groups | {os.getpgrp()}
        self.wall, self.busy, self.own = time.monotonic(), machine_busy_seconds(), self._own()

    def _own(self) -> float:
        mine = os.times()  # this script and its finished children (wrk, loaders)
        return (
            mine.user
            + mine.system
            + mine.children_user
            + mine.children_system
            + group_cpu_seconds(self.groups - {os.getpgrp()})
        )

    def share(self) -> float:
        """Others' CPU use since the start, as a share of the whole machine (0 … 1)."""
        wall = time.monotonic() - self.wall
        others = (machine_busy_seconds() - self.busy) - (self._own() - self.own)
        return max(0.0, others) / (wall * (os.cpu_count() or 1)) if wall > 0 else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------


def form_body(query: str, suffix: str = "") -> bytes:
    text = query if not suffix else f"{query}\n# {suffix}"
    return ("query=" + urllib.parse.quote_plus(text)).encode()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Client:
    """A keep-alive HTTP/1.1 client to one endpoint, as a SPARQL client would use."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def post(self, body: bytes, accept: str) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        for attempt in (1, 2):  # once more on a connection the server closed
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                start = time.perf_counter()
                self.conn.request("POST", self.target, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                seconds = time.perf_counter() - start
            except (ConnectionError, http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------


@dataclass
class Dataset:
    key: str
    title: str
    quads_file: Path  # what the other servers load: exactly what extratex-kg serves
    extra: tuple[Path, ...]  # what extratex-kg is given with --data, on top of its build
    quads: int = 0


@dataclass
class Endpoint:
    key: str
    url: str
    proc: Proc
    started: float
    ready_s: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Tools:
    extratex: Path
    oxigraph: Path
    rdflib_endpoint: Path
    env_ours: dict[str, str]


def start_ours(tools: Tools, data: Dataset) -> Endpoint:
    port = free_port()
    cmd = [str(tools.extratex), "serve", "--host", "127.0.0.1", "--port", str(port)]
    for path in data.extra:
        cmd += ["--data", str(path)]
    proc = Proc.start(f"extratex-kg-{data.key}", cmd, tools.env_ours)
    return Endpoint("ours", f"http://127.0.0.1:{port}/sparql", proc, time.monotonic())


def start_oxigraph_disk(tools: Tools, data: Dataset) -> Endpoint:
    location = WORK / f"oxigraph-{data.key}"
    shutil.rmtree(location, ignore_errors=True)
    started = time.monotonic()
    run([str(tools.oxigraph), "load", "--location", str(location), "--file", str(data.quads_file)], 300)
    port = free_port()
    cmd = [str(tools.oxigraph), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    proc = Proc.start(f"oxigraph-disk-{data.key}", cmd)
    return Endpoint("oxigraph-disk", f"http://127.0.0.1:{port}/query?union-default-graph", proc, started)


def start_oxigraph_mem(tools: Tools, data: Dataset) -> Endpoint:
    """``oxigraph serve`` without --location keeps the store in memory; the data is POSTed to it."""
    port = free_port()
    cmd = [str(tools.oxigraph), "serve", "--bind", f"127.0.0.1:{port}"]
    proc = Proc.start(f"oxigraph-mem-{data.key}", cmd)
    endpoint = Endpoint(
        "oxigraph-mem", f"http://127.0.0.1:{port}/query?union-default-graph", proc, time.monotonic()
    )
    endpoint.notes.append(f"store: http://127.0.0.1:{port}/store")
    return endpoint


def load_oxigraph_mem(endpoint: Endpoint, data: Dataset) -> None:
    store_url = endpoint.notes[-1].removeprefix("store: ")
    parts = urllib.parse.urlsplit(store_url)
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
            conn.request(
                "POST",
                parts.path,
                body=data.quads_file.read_bytes(),
                headers={"Content-Type": "application/n-quads"},
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            break
        except OSError:
            if time.monotonic() > deadline or not endpoint.proc.alive():
                raise
            time.sleep(0.2)
    if response.status not in (200, 201, 204):
        raise RuntimeError(f"Oxigraph refused the data: HTTP {response.status}")


def start_rdflib(tools: Tools, data: Dataset) -> Endpoint:
    """rdflib-endpoint serves on "/" (not /sparql), from an rdflib Dataset with default_union=True."""
    port = free_port()
    cmd = [
        str(tools.rdflib_endpoint),
        "serve",
        str(data.quads_file),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    proc = Proc.start(f"rdflib-endpoint-{data.key}", cmd)
    return Endpoint("rdflib", f"http://127.0.0.1:{port}/", proc, time.monotonic())


STARTERS: dict[str, Callable[[Tools, Dataset], Endpoint]] = {
    "ours": start_ours,
    "oxigraph-disk": start_oxigraph_disk,
    "oxigraph-mem": start_oxigraph_mem,
    "rdflib": start_rdflib,
}


def wait_ready(endpoint: Endpoint, limit: float) -> None:
    """Until the endpoint answers a query with 200."""
    client = Client(endpoint.url, timeout=10)
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            if not endpoint.proc.alive():
                raise RuntimeError(f"{endpoint.proc.name} exited:\n{endpoint.proc.tail()}")
            with suppress(OSError, http.client.HTTPException):
                if client.post(form_body("ASK { }"), SELECT_TYPE).status == 200:
                    endpoint.ready_s = time.monotonic() - endpoint.started
                    say(f"{endpoint.proc.name} ready in {endpoint.ready_s:.1f} s at {endpoint.url}")
                    return
            client.close()
            time.sleep(0.25)
    finally:
        client.close()
    raise RuntimeError(f"{endpoint.proc.name} not ready within {limit:g} s:\n{endpoint.proc.tail()}")


@contextmanager
def servers(tools: Tools, data: Dataset, wanted: tuple[str, ...]) -> Iterator[dict[str, Endpoint]]:
    """Every wanted server on ``data``, ready; all stopped on the way out, whatever happens."""
    started: dict[str, Endpoint] = {}
    try:
        for key in wanted:
            started[key] = STARTERS[key](tools, data)
        for key, endpoint in started.items():
            if key == "oxigraph-mem":
                load_oxigraph_mem(endpoint, data)
            wait_ready(endpoint, 300)
        yield started
    finally:
        for endpoint in started.values():
            endpoint.proc.stop()


# --------------------------------------------------------------------------------------
# Answers: the same on every server?
# --------------------------------------------------------------------------------------


def term_key(term: dict[str, Any], numeric: bool) -> tuple[str, ...]:
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    if kind == "bnode":
        return ("bnode",)  # labels are the server's own: compared as "a blank node"
    if kind != "literal":
        return (kind, term["value"])
    lang = term.get("xml:lang", "").lower()
    datatype = term.get("datatype") or (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if lang else XSD + "string"
    )
    value = term["value"]
    if numeric and datatype in INTEGER_TYPES:
        with suppress(ValueError):
            return ("literal", str(int(value)), "", XSD + "integer")
    return ("literal", value, lang, datatype)


@dataclass
class Answer:
    """One server's answer to one query, in comparable forms."""

    rows: int
    strict: Any  # Counter of rows, or an rdflib Graph
    numeric: Any  # the same with integer subtypes read as xsd:integer
    truncated: bool = False


def parse_answer(reply: Reply, is_graph: bool) -> Answer:
    if reply.status != 200:
        raise RuntimeError(f"HTTP {reply.status}: {reply.body[:300]!r}")
    truncated = "x-sparql-truncated" in reply.headers
    if is_graph:
        from rdflib import Graph

        strict = Graph().parse(data=reply.body.decode("utf-8"), format="nt")
        lines = sum(1 for line in reply.body.splitlines() if line.strip())
        return Answer(lines, strict, numeric_graph(strict), truncated)
    document = json.loads(reply.body)
    bindings = document["results"]["bindings"]

    def rows(numeric: bool) -> Counter[frozenset[tuple[str, tuple[str, ...]]]]:
        return Counter(frozenset((v, term_key(t, numeric)) for v, t in row.items()) for row in bindings)

    return Answer(len(bindings), rows(False), rows(True), truncated)


def numeric_graph(graph: Any) -> Any:
    from rdflib import XSD as RDFLIB_XSD
    from rdflib import Graph, Literal

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) in INTEGER_TYPES:
            with suppress(ValueError):
                o = Literal(str(int(str(o))), datatype=RDFLIB_XSD.integer)  # noqa: PLW2901
        out.add((s, p, o))
    return out


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Counter):
        return a == b
    from rdflib.compare import isomorphic

    return bool(isomorphic(a, b))


def verdict(reference: Answer, other: Answer) -> str:
    """✓ identical; ✓ⁿ identical once integer subtypes read as xsd:integer; ✓ˢ the same rows,
    but not as often (a set versus a multiset); ✗ different."""
    if other.truncated or reference.truncated:
        return "✗ (truncated)"
    if same(reference.strict, other.strict):
        return "✓"
    if same(reference.numeric, other.numeric):
        return "✓ⁿ"
    if isinstance(reference.numeric, Counter) and set(reference.numeric) == set(other.numeric):
        return "✓ˢ" if set(reference.strict) == set(other.strict) else "✓ⁿˢ"
    return "✗"


def difference(reference: Answer, other: Answer) -> str:
    """One example of what differs, for the report."""
    if not isinstance(reference.strict, Counter):
        ours = {t for t in reference.strict if t not in other.strict}
        theirs = {t for t in other.strict if t not in reference.strict}

        def example(found: set[Any]) -> str:
            return " ".join(x.n3() for x in sorted(found)[0]) if found else "nothing"

        return f"only extratex-kg: {example(ours)}; only this server: {example(theirs)}"
    only_ours = reference.strict - other.strict
    only_theirs = other.strict - reference.strict
    if not only_ours or not only_theirs:
        extra = only_ours or only_theirs
        who = "extratex-kg" if only_ours else "this server"
        return f"{sum(extra.values())} row(s) only {who} gives, e.g. {sorted(extra, key=repr)[0]}"[:400]
    ours, theirs = (dict(sorted(rows, key=repr)[0]) for rows in (only_ours, only_theirs))
    changed = [
        f"?{v} {' '.join(ours.get(v, ('unbound',)))!r} vs {' '.join(theirs.get(v, ('unbound',)))!r}"
        for v in sorted(set(ours) | set(theirs))
        if ours.get(v) != theirs.get(v)
    ]
    return (
        f"{sum(only_ours.values())} of {reference.rows} rows differ, e.g. (extratex-kg vs this server) "
        + "; ".join(changed)
    )


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Budget:
    """The time left for the whole run: cells past it are skipped; cells are re-measured only
    while enough is left for every cell still to come."""

    RESERVE = 40.0  # seconds kept for starting servers and the floor

    def __init__(self, seconds: float, cells: int, cell_seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.cells_left = cells
        self.cell_seconds = cell_seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def can_start(self) -> bool:
        return self.left() > self.cell_seconds

    def can_retry(self) -> bool:
        return self.left() - self.RESERVE > self.cell_seconds * (self.cells_left + 1)


def sequential_latency(
    endpoint: Endpoint, query: str, accept: str, vary: bool, seconds: float, max_requests: int
) -> dict[str, Any]:
    """One client, one request at a time: p50/p99 of the full round trip (body read)."""
    client = Client(endpoint.url)
    token = secrets.token_hex(4)
    times: list[float] = []
    cache = Counter[str]()
    bad = 0
    try:
        for i in range(2):  # warm up (and, repeated, fill a cache)
            client.post(form_body(query, f"warm-{token}-{i}" if vary else ""), accept)
        start = time.monotonic()
        while len(times) < max_requests and (len(times) < 5 or time.monotonic() - start < seconds):
            reply = client.post(form_body(query, f"lat-{token}-{len(times)}" if vary else ""), accept)
            bad += reply.status != 200
            cache[reply.headers.get("x-cache", "-")] += 1
            times.append(reply.seconds)
            if time.monotonic() - start > 4 * seconds:
                break
    finally:
        client.close()
    return {
        "n": len(times),
        "p50_ms": percentile(times, 50) * 1000,
        "p99_ms": percentile(times, 99) * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "non_200": bad,
        "x_cache": dict(cache),
    }


def wrk(endpoint: Endpoint, query: str, accept: str, vary: bool, args: argparse.Namespace) -> dict[str, Any]:
    """Requests per second under load, with wrk (threads, connections, duration from args)."""
    body_file = WORK / "body.txt"
    body_file.write_bytes(form_body(query))
    env = {
        **os.environ,
        "BENCH_BODY_FILE": str(body_file),
        "BENCH_ACCEPT": accept,
        "BENCH_VARY": "1" if vary else "0",
        "BENCH_RUN": secrets.token_hex(4),
    }
    cmd = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(HERE / "lua" / "post.lua"),
        endpoint.url,
    ]
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=env,
        timeout=args.duration + 60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(line.removeprefix("BENCH_RESULT "))
    errors = sum(
        result[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    seconds = result["duration_us"] / 1e6
    result["errors"] = errors
    result["rps"] = (result["requests"] - result["status_errors"]) / seconds if seconds else 0.0
    return result


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


@dataclass
class Results:
    meta: dict[str, Any] = field(default_factory=dict)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    answers: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    cells: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(default_factory=dict)
    ready: dict[str, dict[str, float | None]] = field(default_factory=dict)
    memory: dict[str, dict[str, float]] = field(default_factory=dict)
    floor: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_queries() -> dict[str, str]:
    return {name: (HERE / "queries" / f"{name}.rq").read_text(encoding="utf-8") for name in QUERIES}


def is_graph_query(name: str) -> bool:
    return name == "construct"


def check_answers(
    endpoints: dict[str, Endpoint], queries: dict[str, str], data: Dataset, results: Results
) -> None:
    """Ask every server every query once; compare each with extratex-kg's answer."""
    verdicts: dict[str, dict[str, str]] = {}
    rows: dict[str, int] = {}
    for name, query in queries.items():
        accept = GRAPH_TYPE if is_graph_query(name) else SELECT_TYPE
        answers: dict[str, Answer] = {}
        for key, endpoint in endpoints.items():
            client = Client(endpoint.url)
            try:
                answers[key] = parse_answer(client.post(form_body(query), accept), is_graph_query(name))
            except (RuntimeError, ValueError, OSError) as exc:
                results.problems.append(f"{data.key}/{name}/{key}: no answer: {exc}")
            finally:
                client.close()
        reference = answers.get("ours") or next(iter(answers.values()), None)
        rows[name] = reference.rows if reference else 0
        verdicts[name] = {
            key: (verdict(reference, answers[key]) if reference and key in answers else "✗ (no answer)")
            for key in endpoints
        }
        verdicts[name]["rows"] = " / ".join(f"{answers[k].rows}" for k in endpoints if k in answers)
        for key, answer in answers.items():
            if reference is not None and verdicts[name][key] != "✓":
                results.problems.append(
                    f"{data.key}/{name}: {SERVER_NAMES[key]} answers {verdicts[name][key]}: "
                    + difference(reference, answer)
                )
        say(f"answers {data.key}/{name}: {verdicts[name]}")
    results.answers[data.key] = verdicts
    results.rows[data.key] = rows


def wait_idle(groups: set[int], limit: float = 20.0) -> None:
    """Until the servers stop working off requests wrk left queued (their CPU use settles)."""
    deadline = time.monotonic() + limit
    before = group_cpu_seconds(groups)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = group_cpu_seconds(groups)
        if now - before < 0.02:
            return
        before = now


def measure_cell(
    endpoint: Endpoint,
    query: str,
    accept: str,
    vary: bool,
    args: argparse.Namespace,
    groups: set[int],
    budget: Budget,
) -> dict[str, Any]:
    """Sequential latency, then wrk; measured again (up to --retries times) if others used the CPU."""
    best: dict[str, Any] = {}
    for attempt in range(1 + args.retries):
        watch = CpuWatch(groups)
        latency = sequential_latency(
            endpoint, query, accept, vary, args.latency_seconds, args.latency_requests
        )
        load = wrk(endpoint, query, accept, vary, args)
        others = watch.share()
        wait_idle(groups)
        if not best or others < best["others_cpu"]:
            best = {"wrk": load, "latency": latency, "others_cpu": others, "attempts": attempt + 1}
        if others <= CpuWatch.LIMIT or attempt == args.retries or not budget.can_retry():
            break
        say(f"  other processes used {others:.0%} of the CPUs: measuring again")
        time.sleep(1)
    return best


def time_cells(
    endpoints: dict[str, Endpoint],
    queries: dict[str, str],
    data: Dataset,
    args: argparse.Namespace,
    budget: Budget,
    results: Results,
) -> None:
    """For each query and contender: sequential p50/p99, then wrk req/s (one server at a time).

    Query by query, so the figures a ratio compares are measured minutes apart at most.
    """
    cells = results.cells.setdefault(data.key, {})
    groups = {e.proc.popen.pid for e in endpoints.values()}
    for name, query in queries.items():
        for key, mode, label in CONTENDERS:
            if key not in endpoints:
                continue
            where = f"{data.key}/{name}/{label}"
            budget.cells_left -= 1
            if not budget.can_start():
                cells.setdefault(name, {})[label] = {"skipped": "time budget spent"}
                results.problems.append(f"{where}: skipped (time budget spent)")
                continue
            accept = GRAPH_TYPE if is_graph_query(name) else SELECT_TYPE
            try:
                cell = measure_cell(endpoints[key], query, accept, mode == "cold", args, groups, budget)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                cells.setdefault(name, {})[label] = {"error": str(exc)[:500]}
                results.problems.append(f"{where}: {exc}")
                continue
            cells.setdefault(name, {})[label] = cell
            check_cell(cell, mode, where, results)


def check_cell(cell: dict[str, Any], mode: str, where: str, results: Results) -> None:
    load, latency, others = cell["wrk"], cell["latency"], cell["others_cpu"]
    if others > CpuWatch.LIMIT:
        results.problems.append(f"{where}: other processes used {others:.0%} of the CPUs (†)")
    expected = {"cold": "miss", "cached": "hit"}.get(mode)
    if expected and set(latency["x_cache"]) != {expected}:
        results.problems.append(f"{where}: X-Cache {latency['x_cache']}, not all {expected}")
    if latency["non_200"]:
        results.problems.append(f"{where}: {latency['non_200']} answers were not 200 OK")
    if load["errors"]:
        results.problems.append(f"{where}: wrk counted {load['errors']} errors: {load}")
    say(
        f"{where}: others {others:.0%}, {load['rps']:.1f} req/s, p50 {latency['p50_ms']:.2f} ms, "
        f"p99 {latency['p99_ms']:.2f} ms (n={latency['n']}) x-cache {latency['x_cache']}"
    )


def measure_floor(tools: Tools, query: str, args: argparse.Namespace, budget: Budget) -> dict[str, Any]:
    """Flask + waitress answering a fixed body: what the HTTP stack alone allows."""
    if budget.left() < args.duration + args.latency_seconds + 10:
        return {}
    port = free_port()
    python = tools.extratex.parent / "python"
    proc = Proc.start("floor", [str(python), str(HERE / "floor.py"), "--port", str(port)])
    endpoint = Endpoint("floor", f"http://127.0.0.1:{port}/sparql", proc, time.monotonic())
    try:
        wait_ready(endpoint, 60)
        load = wrk(endpoint, query, SELECT_TYPE, False, args)
        latency = sequential_latency(
            endpoint, query, SELECT_TYPE, False, args.latency_seconds, args.latency_requests
        )
    finally:
        proc.stop()
    say(f"floor (Flask + waitress, fixed answer): {load['rps']:.0f} req/s, p50 {latency['p50_ms']:.2f} ms")
    return {"wrk": load, "latency": latency}


def prepare(args: argparse.Namespace) -> tuple[Tools, list[Dataset]]:
    """Build the project's graph, generate the synthetic graph, write the combined quads."""
    WORK.mkdir(parents=True, exist_ok=True)
    dist = WORK / "dist"
    env_ours = {**os.environ, "EXTRATEX_KG_OUT_DIR": str(dist)}
    tools = Tools(
        Path(args.extratex),
        HERE / ".venv" / "bin" / "oxigraph",
        HERE / ".venv" / "bin" / "rdflib-endpoint",
        env_ours,
    )
    if not args.no_build:
        say(run([str(tools.extratex), "build", "--out", str(dist)], 600, env_ours).strip())
    shipped = dist / "extratex.nq"
    if not shipped.is_file():
        raise RuntimeError(f"no build at {shipped}")
    synthetic = WORK / "synthetic.nq"
    run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--triples",
            str(args.triples),
            "--seed",
            str(args.seed),
            "--out",
            str(synthetic),
        ],
        120,
    )
    combined = WORK / "combined.nq"
    with combined.open("wb") as out:
        for part in (shipped, synthetic):
            data = part.read_bytes()
            out.write(data if data.endswith(b"\n") else data + b"\n")
    datasets = [
        Dataset("shipped", "shipped build", shipped, ()),
        Dataset("synthetic", f"shipped + {args.triples:,} synthetic triples", combined, (synthetic,)),
    ]
    for data in datasets:
        data.quads = sum(
            1 for line in data.quads_file.open("rb") if line.strip() and not line.startswith(b"#")
        )
    return tools, datasets


def versions(tools: Tools, args: argparse.Namespace) -> dict[str, str]:
    def first_line(cmd: list[str]) -> str:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
            return (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    from importlib.metadata import version

    return {
        "extratex-kg": first_line(
            [
                str(Path(args.extratex).parent / "python"),
                "-c",
                "import extratex_kg, pyoxigraph, waitress.server, importlib.metadata as m; "
                "print(extratex_kg.__version__, 'pyoxigraph', pyoxigraph.__version__, "
                "'waitress', m.version('waitress'))",
            ]
        ),
        "oxigraph": first_line([str(tools.oxigraph), "--version"]),
        "rdflib-endpoint": (
            f"{version('rdflib-endpoint')} (rdflib {version('rdflib')}, uvicorn {version('uvicorn')})"
        ),
        "wrk": first_line([args.wrk, "-v"]),
    }


def machine() -> dict[str, str]:
    cpu = "?"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with suppress(OSError, subprocess.SubprocessError, IndexError):
        mem = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.splitlines()[
            1
        ]
        mem = " ".join(mem.split()[:2]).replace("Mem: ", "") + " RAM"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def cell_value(results: Results, ds: str, query: str, label: str, what: str) -> float | None:
    cell = results.cells.get(ds, {}).get(query, {}).get(label, {})
    if "wrk" not in cell:
        return None
    if what == "rps":
        return float(cell["wrk"]["rps"])
    return float(cell["latency"][what])


def noisy(results: Results, ds: str, query: str, label: str) -> str:
    """ "†" when other processes used much of the machine while this cell was measured."""
    cell = results.cells.get(ds, {}).get(query, {}).get(label, {})
    return "†" if cell.get("others_cpu", 0.0) > CpuWatch.LIMIT else ""


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def answers_table(results: Results, datasets: list[Dataset]) -> str:
    header = ["dataset", "query", "rows", *(SERVER_NAMES[k] for k in SERVERS)]
    rows = []
    for data in datasets:
        for name in QUERIES:
            verdicts = results.answers.get(data.key, {}).get(name, {})
            rows.append([data.key, name, verdicts.get("rows", "–"), *(verdicts.get(k, "–") for k in SERVERS)])
    return table(header, rows)


def throughput_table(results: Results, datasets: list[Dataset]) -> str:
    labels = [label for _, _, label in CONTENDERS]
    rows = []
    for data in datasets:
        for name in QUERIES:
            rows.append(
                [
                    data.key,
                    name,
                    *(
                        fmt(cell_value(results, data.key, name, lb, "rps"))
                        + noisy(results, data.key, name, lb)
                        for lb in labels
                    ),
                ]
            )
    return table(["dataset", "query", *(f"{lb} req/s" for lb in labels)], rows)


def latency_table(results: Results, datasets: list[Dataset]) -> str:
    labels = [label for _, _, label in CONTENDERS]
    rows = []
    for data in datasets:
        for name in QUERIES:
            row = [data.key, name]
            for lb in labels:
                p50 = cell_value(results, data.key, name, lb, "p50_ms")
                p99 = cell_value(results, data.key, name, lb, "p99_ms")
                row.append(f"{fmt(p50, 2)} / {fmt(p99, 2)}{noisy(results, data.key, name, lb)}")
            rows.append(row)
    return table(["dataset", "query", *(f"{lb} p50 / p99 ms" for lb in labels)], rows)


def mark(value: float | None, ok: Callable[[float], bool]) -> str:
    if value is None:
        return "–"
    return "✓ met" if ok(value) else "✗ not met"


def targets_table(results: Results, datasets: list[Dataset]) -> tuple[str, dict[str, tuple[int, int]]]:
    rows: list[list[str]] = []
    tally: dict[str, tuple[int, int]] = {}

    def add(
        target: str, data: str, name: str, shown: str, value: float | None, ok: Callable[[float], bool]
    ) -> None:
        verdict_ = mark(value, ok)
        rows.append([target, data, name, shown, verdict_])
        met, total = tally.get(target, (0, 0))
        if value is not None:
            tally[target] = (met + ok(value), total + 1)

    def rv(ds: str, q: str, lb: str, what: str) -> float | None:
        return cell_value(results, ds, q, lb, what)

    for data in datasets:
        ds = data.key
        for name in QUERIES:
            cold = ratio(rv(ds, name, "extratex-kg cold", "rps"), rv(ds, name, "rdflib-endpoint", "rps"))
            cached = ratio(rv(ds, name, "extratex-kg cached", "rps"), rv(ds, name, "rdflib-endpoint", "rps"))
            shown = f"{fmt(cold, 2)}× cold ({fmt(cached, 2)}× cached)"
            add("req/s ours ÷ rdflib-endpoint ≥ 5×", ds, name, shown, cold, lambda v: v >= 5)
        for name in ("join", "aggregate"):
            for other in ("Oxigraph in memory", "Oxigraph on disk"):
                p50 = ratio(rv(ds, name, "extratex-kg cold", "p50_ms"), rv(ds, name, other, "p50_ms"))
                p99 = ratio(rv(ds, name, "extratex-kg cold", "p99_ms"), rv(ds, name, other, "p99_ms"))
                shown = f"p50 {fmt(p50, 2)}×, p99 {fmt(p99, 2)}× (ours cold ÷ {other})"
                add(f"latency ours ≤ {other}", ds, name, shown, p50, lambda v: v <= 1.0)
        for name in QUERIES:
            value = ratio(
                rv(ds, name, "extratex-kg cached", "rps"), rv(ds, name, "Oxigraph in memory", "rps")
            )
            add(
                "req/s ours cached ÷ Oxigraph in memory ≥ 1×",
                ds,
                name,
                f"{fmt(value, 2)}×",
                value,
                lambda v: v >= 1,
            )
    return table(["target", "dataset", "query", "measured", "verdict"], rows), tally


def report(results: Results, datasets: list[Dataset], args: argparse.Namespace) -> str:
    meta = results.meta
    targets, tally = targets_table(results, datasets)
    summary = [f"- **{t}**: met in {m} of {n} cells" for t, (m, n) in tally.items()]
    ready = [
        f"- {data.key}: "
        + ", ".join(
            f"{SERVER_NAMES[k]} {fmt(v, 1)} s ({fmt(results.memory.get(data.key, {}).get(k), 0)} MB)"
            for k, v in results.ready.get(data.key, {}).items()
        )
        for data in datasets
    ]
    shares = [
        cell["others_cpu"]
        for queries in results.cells.values()
        for labels in queries.values()
        for cell in labels.values()
        if "others_cpu" in cell
    ]
    quiet = (
        f"- other processes' share of the CPUs while cells were measured: median "
        f"{statistics.median(shares):.0%}, "
        f"max {max(shares):.0%}; {sum(x > CpuWatch.LIMIT for x in shares)} of {len(shares)} cells over "
        f"{CpuWatch.LIMIT:.0%} (marked †)"
        if shares
        else "- other processes' share of the CPUs: not measured"
    )
    floor = results.floor
    floor_line = (
        f"HTTP floor of extratex-kg's stack (Flask + waitress, 8 threads, fixed answer, no query): "
        f"{fmt(floor['wrk']['rps'])} req/s; sequential p50 / p99 {fmt(floor['latency']['p50_ms'], 2)} / "
        f"{fmt(floor['latency']['p99_ms'], 2)} ms (`floor.py`)."
        if floor
        else "HTTP floor: not measured."
    )
    parts = [
        "## Machine and versions",
        "",
        *(f"- {k}: {v}" for k, v in {**meta["machine"], **meta["versions"]}.items()),
        f"- load: wrk -t{args.threads} -c{args.connections} -d{args.duration}s per cell; latency: one "
        f"client, requests one after another for {args.latency_seconds:g} s (at least 5, at most "
        f"{args.latency_requests})",
        quiet,
        "",
        "## Data",
        "",
        *(f"- {d.key}: {d.title}, {d.quads:,} quads (`{d.quads_file.name}`)" for d in datasets),
        "",
        "Time to ready (start → first answer; Oxigraph on disk includes `oxigraph load`, in memory the "
        "POST of the data) and resident memory after the run (all processes of the server):",
        "",
        *ready,
        "",
        "## Same answers? (each compared with extratex-kg's; rows: per server, in column order)",
        "",
        answers_table(results, datasets),
        "",
        "✓ identical · ✓ⁿ identical once integer subtypes (xsd:nonNegativeInteger …) are read as "
        "xsd:integer · ✓ˢ the same rows, but not as many times (set versus multiset) · ✗ different",
        "",
        "## Throughput (requests per second, wrk)",
        "",
        throughput_table(results, datasets),
        "",
        floor_line,
        "",
        "## Latency (sequential requests, p50 / p99 in ms)",
        "",
        latency_table(results, datasets),
        "",
        "† other processes on the machine used more than 10% of its CPU while this cell was measured "
        "(the machine is shared): the figure is less trustworthy. With no † the machine was quiet.",
        "",
        "## Targets",
        "",
        targets,
        "",
        *summary,
    ]
    if results.problems:
        parts += ["", "## Problems seen", "", *(f"- {p}" for p in results.problems)]
    return "\n".join(parts) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark extratex-kg against Oxigraph and rdflib-endpoint."
    )
    parser.add_argument(
        "--extratex", default=str(ROOT / ".venv" / "bin" / "extratex-kg"), help="the extratex-kg command"
    )
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per cell (default 5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument(
        "--latency-seconds", type=float, default=2.0, help="sequential latency per cell (default 2 s)"
    )
    parser.add_argument(
        "--latency-requests", type=int, default=500, help="at most this many per cell (default 500)"
    )
    parser.add_argument("--triples", type=int, default=100_000, help="synthetic triples (default 100,000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--retries", type=int, default=1, help="measure a cell again when others used the CPU (default 1)"
    )
    parser.add_argument(
        "--budget", type=float, default=570, help="seconds for the whole run; later cells skipped"
    )
    parser.add_argument("--datasets", default="shipped,synthetic", help="comma-separated: shipped,synthetic")
    parser.add_argument("--servers", default=",".join(SERVERS), help="comma-separated: " + ",".join(SERVERS))
    parser.add_argument("--no-build", action="store_true", help="use benchmarks/.work/dist as it is")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if started with it ignored
    datasets_wanted = [d for d in args.datasets.split(",") if d]
    servers_wanted = tuple(s for s in args.servers.split(",") if s)
    cells = len(datasets_wanted) * len(QUERIES) * sum(k in servers_wanted for k, _, _ in CONTENDERS)
    budget = Budget(args.budget, cells, args.duration + args.latency_seconds + 3)
    began = time.monotonic()
    results = Results()
    wanted = servers_wanted
    try:
        tools, datasets = prepare(args)
        datasets = [d for d in datasets if d.key in args.datasets.split(",")]
        results.meta = {"machine": machine(), "versions": versions(tools, args)}
        queries = load_queries()
        for data in datasets:
            say(f"== dataset {data.key}: {data.quads:,} quads")
            with servers(tools, data, wanted) as endpoints:
                results.ready[data.key] = {k: e.ready_s for k, e in endpoints.items()}
                check_answers(endpoints, queries, data, results)
                time_cells(endpoints, queries, data, args, budget, results)
                results.memory[data.key] = {k: e.proc.rss_mb() for k, e in endpoints.items()}
        results.floor = measure_floor(tools, queries["lookup"], args, budget)
    except (KeyboardInterrupt, Stop):
        say("interrupted: servers stopped")
        return 130
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        say(f"error: {exc}")
        return 1
    text = report(results, datasets, args)
    results.meta["elapsed_s"] = round(time.monotonic() - began, 1)
    (WORK / "results.md").write_text(text, encoding="utf-8")
    raw = {
        "meta": results.meta,
        "answers": results.answers,
        "cells": results.cells,
        "ready": results.ready,
        "memory": results.memory,
        "floor": results.floor,
        "problems": results.problems,
        "args": vars(args),
    }
    (WORK / "results.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)
    say(
        f"done in {results.meta['elapsed_s']:.0f} s; tables in {WORK / 'results.md'}, "
        "raw figures in results.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
