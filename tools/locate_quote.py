"""Authoring aid: print the offsets of an exact quote in the source document.

    .venv/bin/python tools/locate_quote.py "established in 1972"

prints a Turtle snippet to paste as ``ext:quote [...]`` of a claim.
"""

import json
import sys
from pathlib import Path

from extratex_kg.sources import SourceText

SOURCE = Path(__file__).resolve().parent.parent / "data" / "sources" / "extratex-partnership.txt"


def main(argv: list[str]) -> int:
    source = SourceText.read(SOURCE)
    status = 0
    for exact in argv:
        starts = source.locate(exact)
        if not starts:
            print(f"NOT FOUND: {exact!r}", file=sys.stderr)
            status = 1
        for start in starts:
            span = source.span(start, start + len(exact))
            print(f"# line {span.line}" + (" (one of several)" if len(starts) > 1 else ""))
            literal = json.dumps(exact, ensure_ascii=False)
            print(f"ext:quote [ oa:start {span.start} ; oa:end {span.end} ; oa:exact {literal} ] ;")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
