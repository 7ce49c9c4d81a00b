"""The server process: start-up time, on-disk store, clean stop on SIGINT and SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from extratex_kg.build import BuildResult

from .conftest import start_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def children_of(pid: int) -> set[int]:
    """PIDs whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def count(url: str) -> int:
    answer = requests.get(url + "/sparql", params={"query": COUNT}, timeout=10).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly_with_its_workers(built: BuildResult, how: signal.Signals) -> None:
    server = start_server(built)  # (start-up time is measured in benchmarks/, not asserted here)
    assert count(server.url) == built.triples
    workers = children_of(server.process.pid)
    assert len(workers) >= 2
    server.process.send_signal(how)
    assert server.process.wait(timeout=15) == 0
    time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)], "query workers stop with the server"
    assert server.process.stderr is not None and "Traceback" not in server.process.stderr.read()


def test_on_disk_store_gives_the_same_answers(built: BuildResult, tmp_path: Path) -> None:
    store = tmp_path / "store"
    for _ in range(2):  # the second start reuses the filled store
        server = start_server(built, "--store", str(store))
        try:
            assert count(server.url) == built.triples
        finally:
            server.process.send_signal(signal.SIGTERM)
            server.process.wait(timeout=15)
    assert (store / "extratex-kg-version").is_file()


def test_port_in_use_is_a_clear_error(built: BuildResult) -> None:
    first = start_server(built)
    try:
        port = first.url.rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "extratex_kg.cli", "serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "EXTRATEX_KG_OUT_DIR": str(built.out_dir)},
            check=False,
        )
        assert result.returncode == 2
        assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        first.process.send_signal(signal.SIGTERM)
        first.process.wait(timeout=15)
