"""The ``#+`` header of a saved query: a strict subset of YAML, every value with its line.

The subset (``docs/queries.md``): ``key: value`` mappings, ``- item`` lists, ``[a, b]`` lists,
``>`` and ``|`` texts, plain or double-quoted (JSON) texts, integers and ``true``/``false``,
indented with spaces. What falls outside it is refused as BadData with ``file:line``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from extratex_kg.errors import BadData

_KEY = re.compile(r"([A-Za-z][\w-]*):(?: +(.*))?$")


def fail(where: str, line: int, message: str) -> BadData:
    """BadData located at ``where:line``."""
    return BadData(message, where=f"{where}:{line}")


Scalar = str | int | bool


@dataclass(frozen=True)
class Node:
    """A header value and the line it starts on."""

    line: int
    value: Scalar | list[Node] | dict[str, Node]


def parse_header(text: str, where: str) -> tuple[Node, int]:
    """The ``#+`` lines opening ``text`` as a mapping, and the line where the query begins."""
    lines: list[tuple[int, int, str]] = []  # (line number, indentation, text)
    body_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            body_line = body_line or number
            continue
        if body_line:
            raise fail(where, number, "a #+ line after the query has begun: the header comes first")
        content = line[2:]
        if "\t" in content or (content and not content.startswith(" ")):
            raise fail(where, number, "a #+ line is '#+', a space, then spaces to indent (no tabs)")
        if content.strip() and not content.strip().startswith("#"):
            indent = len(content) - len(content.lstrip(" ")) - 1
            lines.append((number, indent, content.strip()))
    if not lines:
        raise fail(where, 1, "no #+ header: a saved query starts with '#+ title: …' and '#+ description: …'")
    if lines[0][1] != 0:
        raise fail(where, lines[0][0], "unexpected indentation")
    return _Reader(where, lines).block(0), body_line or len(text.splitlines()) + 1


class _Reader:
    def __init__(self, where: str, lines: list[tuple[int, int, str]]) -> None:
        self.where, self.lines, self.pos = where, lines, 0

    def _at(self, indent: int) -> tuple[int, str] | None:
        """The next line if it is at ``indent``; None past the end or at a lower indentation."""
        if self.pos >= len(self.lines) or self.lines[self.pos][1] < indent:
            return None
        line, deeper, text = self.lines[self.pos]
        if deeper > indent:
            raise fail(self.where, line, "unexpected indentation")
        return line, text

    def block(self, indent: int) -> Node:
        text = self.lines[self.pos][2]
        return self.sequence(indent) if text == "-" or text.startswith("- ") else self.mapping(indent)

    def mapping(self, indent: int) -> Node:
        out: dict[str, Node] = {}
        first = self.lines[self.pos][0]
        while (current := self._at(indent)) is not None:
            line, text = current
            match = _KEY.match(text)
            if match is None:
                raise fail(self.where, line, f"expected 'key: value' in the #+ header, not {text!r}")
            if match.group(1) in out:
                raise fail(self.where, line, f"{match.group(1)} is given twice")
            self.pos += 1
            out[match.group(1)] = self.value(line, indent, (match.group(2) or "").strip())
        return Node(first, out)

    def sequence(self, indent: int) -> Node:
        items: list[Node] = []
        first = self.lines[self.pos][0]
        while (current := self._at(indent)) is not None:
            line, text = current
            rest = text[1:].lstrip()
            if not text.startswith("-") or not rest:
                raise fail(self.where, line, f"expected a list item '- …', not {text!r}")
            if _KEY.match(rest):  # a mapping item: its further keys line up with its first one
                self.lines[self.pos] = (line, indent + len(text) - len(rest), rest)
                items.append(self.mapping(indent + len(text) - len(rest)))
            else:
                self.pos += 1
                items.append(Node(line, self.scalar(line, rest)))
        return Node(first, items)

    def value(self, line: int, indent: int, rest: str) -> Node:
        folded = rest in (">", "|")
        following: list[str] = []
        while self.pos < len(self.lines) and self.lines[self.pos][1] > indent:
            if not folded and not (rest.startswith("[") and not rest.endswith("]")):
                break
            following.append(self.lines[self.pos][2])
            self.pos += 1
            rest = rest if folded else f"{rest} {following.pop()}"
        if folded:
            if not following:
                raise fail(self.where, line, f"no text after {rest}")
            return Node(line, (" " if rest == ">" else "\n").join(following))
        if rest:
            return Node(line, self.scalar(line, rest))
        if self.pos < len(self.lines) and self.lines[self.pos][1] > indent:
            return Node(line, self.block(self.lines[self.pos][1]).value)
        raise fail(self.where, line, "a key without a value")

    def scalar(self, line: int, text: str) -> Scalar | list[Node]:
        if text.startswith("[") and text.endswith("]"):
            return [
                Node(line, self.scalar(line, item.strip())) for item in text[1:-1].split(",") if item.strip()
            ]
        if text.startswith('"'):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = None
            if not isinstance(value, str):
                raise fail(self.where, line, f"a quoted value is one JSON string, not {text}")
            return value
        if text[0] in "[]{}&*!|>'%@`,":
            raise fail(self.where, line, f"put this value in double quotes: {text}")
        if text in ("true", "false"):
            return text == "true"
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else text
