"""Where things are written in the data files: file:line for errors and violations.

rdflib keeps no positions, so this reads the Turtle/TriG text itself, just well enough to
find the line where a node is first written as the subject of a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_PREFIX = re.compile(r"^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*(<[^>\s]*>|[A-Za-z][\w-]*:[\w.-]*[\w-]|[A-Za-z][\w-]*:)(?=[\s{;,.]|$)")


@dataclass
class SourceFile:
    """A data file's text, with an index from node IRI to the first line it is a subject on."""

    path: Path
    text: str
    subjects: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        text = path.read_text(encoding="utf-8", errors="replace")
        located = cls(path, text)
        located._index()
        return located

    def _index(self) -> None:
        prefixes: dict[str, str] = {}
        starts_statement = True
        for number, line in enumerate(self.text.splitlines(), start=1):
            stripped = line.split("#", 1)[0].strip() if not line.lstrip().startswith("<") else line.strip()
            if match := _PREFIX.match(line):
                prefixes[match.group(1)] = match.group(2)
                continue
            if not stripped:
                continue
            if starts_statement and (match := _SUBJECT.match(line)):
                iri = _expand(match.group(1), prefixes)
                if iri is not None:
                    self.subjects.setdefault(iri, number)
            starts_statement = stripped.endswith((".", "{", "}"))

    def line_of(self, *patterns: str) -> int | None:
        """The line of the last of ``patterns``, each searched after the previous one."""
        at = 0
        for pattern in patterns:
            match = re.compile(pattern, re.MULTILINE).search(self.text, at)
            if match is None:
                return None
            at = match.start()
        return self.text.count("\n", 0, at) + 1


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix)
    return None if namespace is None else namespace + local


@dataclass
class Locator:
    """Finds the file:line where a node is first described, across many files."""

    files: list[SourceFile] = field(default_factory=list)

    def add(self, path: Path) -> SourceFile:
        located = SourceFile.read(path)
        self.files.append(located)
        return located

    def where(self, iri: str) -> str | None:
        for located in self.files:
            if (line := located.subjects.get(iri)) is not None:
                return f"{located.path}:{line}"
        return None
