"""Odd requests get a 4xx with the error shape, never a 5xx or a traceback."""

from __future__ import annotations

import itertools

import pytest
import requests

from .conftest import Server

PATHS = [
    "/id/organisation/clutex.xyz",
    "/id/",
    "/id/%00",
    "/id/source/extratex-partnership?start=5&end=2",
    "/id/source/extratex-partnership?start=a&end=b",
    "/id/source/extratex-partnership?start=0&end=99999999",
    "/class/ext:",
    "/class/%3Cjavascript%3E",
    "/def/Nope",
    "/def/shapes/Nope",
    "/dumps/%2e%2e%2fSHA256SUMS",
    "/dumps/nope.ttl",
    "/search?q=%00",
    "/search?q=" + "a" * 5000,
    "/queries/nope",
    "/queries/partners?country=%22%7D%20%3B%20DROP%20ALL%20%23",
    "/queries/partners?country=<javascript:x>",
    "/queries/partners.xyz",
    "/queries/evidence",
    "/queries/founding-timeline?since=99999999999999999999",
    "/queries/partners-in-several-projects?minimum=1e9",
    "/sparql?query=SELECT%20*%20%7B%7D&timeout=nan",
    "/sparql?query=SELECT%20*%20%7B%7D&timeout=inf",
    "/sparql?query=%00",
    "/sparql?query=ASK%7B%7D&format=",
    "/vendor/yasgui/../../package.json",
    "/%ff",
]
ACCEPTS = ["", "text/html", "text/turtle", "*/*;q=abc", "image/png"]


@pytest.mark.parametrize(("path", "accept"), list(itertools.product(PATHS, ACCEPTS)))
def test_odd_requests_are_client_errors_at_worst(server: Server, path: str, accept: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server.url + path, headers=headers, timeout=15)
    assert response.status_code < 500, (path, accept, response.status_code, response.text[:300])
    assert "Traceback" not in response.text
    if response.status_code >= 400 and response.headers["Content-Type"].startswith("application/json"):
        body = response.json()
        assert set(body) == {"error", "status", "detail"} and body["status"] == response.status_code
