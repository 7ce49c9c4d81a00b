"""Published under another base IRI: data, linked data, saved questions and the editor follow."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from .conftest import ROOT

BASE = "http://kg.example.org/extratex/"


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("other-base") / "dist"
    env = {**os.environ, "EXTRATEX_KG_BASE_IRI": BASE, "EXTRATEX_KG_OUT_DIR": str(out)}
    command = [sys.executable, "-m", "extratex_kg.cli", "--project", str(ROOT), "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
    assert match, line + (process.stderr.read() if process.stderr else "")
    yield match.group(1)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)


def test_resources_live_under_the_other_base(other: str) -> None:
    turtle = requests.get(other + "/id/organisation/clutex", headers={"Accept": "text/turtle"}, timeout=10)
    assert turtle.status_code == 200
    assert f"<{BASE}id/organisation/clutex>" in turtle.text or "organisation:clutex" in turtle.text
    assert "https://w3id.org/extratex/" not in turtle.text


def test_saved_questions_answer_under_the_other_base(other: str) -> None:
    rows = requests.get(other + "/queries/partners.json", params={"country": "italy"}, timeout=10).json()
    assert [row["name"] for row in rows] == ["Next Technology Tecnotessile"]
    assert rows[0]["partner"] == BASE + "id/organisation/ntt"
    everyone = requests.get(other + "/queries/partners.json", timeout=10).json()
    assert len(everyone) == 6


def test_editor_prefixes_follow_the_base(other: str) -> None:
    terms = requests.get(other + "/sparql/terms.json", timeout=10).json()
    assert terms["prefixes"]["ext"] == BASE + "def/"
    assert any(t["prefixed"] == "ext:Cluster" for t in terms["classes"])
