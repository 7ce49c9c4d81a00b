"""Source documents and quote selectors.

Offsets are counted in Unicode code points of the UTF-8 decoded text (the unit of the
W3C Web Annotation ``TextPositionSelector``), ``start`` inclusive and ``end`` exclusive,
so ``text[start:end] == exact``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from extratex_kg.errors import BadData

CONTEXT = 32  # characters of prefix and suffix kept in a TextQuoteSelector

# A sentence ends at . ! ? followed by white space and an upper-case letter or a digit,
# or at a line break; common abbreviations do not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])|\n+")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "approx.", "Ltd.", "Inc.", "z.s.")


@dataclass(frozen=True)
class Span:
    """A located piece of a source text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    line: int
    sentence: str


@dataclass(frozen=True)
class SourceText:
    """A source document, read once, byte for byte."""

    path: Path
    text: str
    sha256: str

    @classmethod
    def read(cls, path: Path) -> SourceText:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise BadData(f"cannot read source document: {exc.strerror}", where=str(path)) from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadData(f"source document is not UTF-8 ({exc.reason})", where=str(path)) from exc
        return cls(path=path, text=text, sha256=hashlib.sha256(raw).hexdigest())

    def span(self, start: int, end: int) -> Span:
        """The span at [start, end), with its context, line and sentence."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"offsets {start}..{end} outside the text (0..{len(self.text)})")
        return Span(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT) : start],
            suffix=self.text[end : end + CONTEXT],
            line=self.text.count("\n", 0, start) + 1,
            sentence=self.sentence_at(start, end),
        )

    def locate(self, exact: str) -> list[int]:
        """Every start offset at which ``exact`` occurs."""
        starts: list[int] = []
        at = self.text.find(exact)
        while at != -1:
            starts.append(at)
            at = self.text.find(exact, at + 1)
        return starts

    def sentence_at(self, start: int, end: int) -> str:
        """The whole sentence(s) holding [start, end)."""
        bounds = self.sentence_bounds()
        first = max(b for b in bounds if b <= start)
        after = [b for b in bounds if b >= end]
        last = min(after) if after else len(self.text)
        return self.text[first:last].strip()

    def sentence_bounds(self) -> list[int]:
        bounds = [0]
        for match in _SENTENCE_END.finditer(self.text):
            before = self.text[: match.start()]
            if before.endswith(_ABBREVIATIONS):
                continue
            bounds.extend((match.start(), match.end()))
        bounds.append(len(self.text))
        return sorted(set(bounds))


def mismatch(source: SourceText, start: int, end: int, exact: str) -> str | None:
    """Why a quote does not match its offsets, or None when it does."""
    if not 0 <= start < end <= len(source.text):
        return f"offsets {start}..{end} lie outside the source text (0..{len(source.text)})"
    found = source.text[start:end]
    if found == exact:
        return None
    elsewhere = source.locate(exact)
    hint = f"; the exact text occurs at {elsewhere[0]}..{elsewhere[0] + len(exact)}" if elsewhere else ""
    return f"quote {exact!r} does not match the source at {start}..{end}, which reads {found!r}{hint}"
