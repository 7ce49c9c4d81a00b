"""Quote selectors against the source document."""

from __future__ import annotations

import hashlib

import pytest

from extratex_kg.errors import BadData
from extratex_kg.sources import SourceText, mismatch

from .conftest import ROOT

SOURCE = ROOT / "data" / "sources" / "extratex-partnership.txt"
CAPTURED_SHA256 = "247dbcb806b171e963c5221dbde51aee3569b229e720fdd280f176fede48d8fa"


@pytest.fixture(scope="module")
def source() -> SourceText:
    return SourceText.read(SOURCE)


def test_source_is_the_captured_document_byte_for_byte() -> None:
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == CAPTURED_SHA256


def test_offsets_are_code_points_end_exclusive(source: SourceText) -> None:
    exact = "Montan Universität Leoben"
    [start] = source.locate(exact)
    assert source.text[start : start + len(exact)] == exact
    assert mismatch(source, start, start + len(exact), exact) is None


def test_one_character_change_is_caught(source: SourceText) -> None:
    exact = "CLUTEX brings together a total of 36 companies."
    [start] = source.locate(exact)
    changed = exact.replace("36", "37")
    why = mismatch(source, start, start + len(exact), changed)
    assert why is not None
    assert "does not match the source at" in why
    assert "which reads 'CLUTEX brings together a total of 36 companies.'" in why


def test_shifted_offsets_are_caught_and_the_right_place_suggested(source: SourceText) -> None:
    exact = "established in 1972"
    [start] = source.locate(exact)
    why = mismatch(source, start + 1, start + 1 + len(exact), exact)
    assert why is not None and f"occurs at {start}..{start + len(exact)}" in why


def test_offsets_outside_the_text(source: SourceText) -> None:
    assert "outside the source text" in (mismatch(source, 10**6, 10**6 + 3, "abc") or "")


def test_span_gives_line_context_and_whole_sentence(source: SourceText) -> None:
    exact = "a total of 36 companies"
    [start] = source.locate(exact)
    span = source.span(start, start + len(exact))
    assert span.line == 31
    assert span.sentence == "CLUTEX brings together a total of 36 companies."
    assert source.text.endswith(span.suffix, 0, start + len(exact) + len(span.suffix))
    assert span.prefix.endswith("CLUTEX brings together ")


def test_sentence_does_not_end_at_abbreviations(source: SourceText) -> None:
    exact = "Techtextil"
    [start] = source.locate(exact)
    sentence = source.sentence_at(start, start + len(exact))
    assert sentence.startswith("CLUTEX promotes Czech textile industry")
    assert sentence.endswith("conferences and professional meetings.")


def test_unreadable_source_is_bad_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Zlín".encode("latin-1"))
    with pytest.raises(BadData, match="not UTF-8"):
        SourceText.read(bad)
    with pytest.raises(BadData, match="cannot read source document"):
        SourceText.read(tmp_path / "missing.txt")
