"""Write the built dataset as dump files, atomically: all of them, or none.

The dumps are written into a fresh sibling folder; only when every file is complete does
that folder replace the previous output, so a failing build leaves the last good dumps.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Dataset, Graph

from extratex_kg.errors import BadData


@dataclass(frozen=True)
class Dump:
    """One dump file: its name, media type and whether it keeps the named graphs."""

    name: str
    media_type: str
    rdflib_format: str
    named_graphs: bool


DUMPS: tuple[Dump, ...] = (
    Dump("extratex.trig", "application/trig", "trig", True),
    Dump("extratex.nq", "application/n-quads", "nquads", True),
    Dump("extratex.jsonld", "application/ld+json", "json-ld", True),
    Dump("extratex.ttl", "text/turtle", "turtle", False),
    Dump("extratex.nt", "application/n-triples", "nt", False),
    Dump("extratex.rdf", "application/rdf+xml", "xml", False),
)
T = TypeVar("T")
CHECKSUMS = "SHA256SUMS"
BUILD_INFO = "build-info.json"
VOID = "void.ttl"


def union_graph(dataset: Dataset) -> Graph:
    union = Graph()
    union.namespace_manager = dataset.namespace_manager
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def write_dumps(
    dataset: Dataset, out_dir: Path, info: dict[str, object], void: Graph | None = None
) -> dict[str, str]:
    """Write every dump (and its .gz), VoID, checksums and build info; return the checksums."""
    union = union_graph(dataset)

    def write_all(folder: Path) -> dict[str, str]:
        sums = {}
        for dump in DUMPS:
            source = dataset if dump.named_graphs else union
            path = folder / dump.name
            source.serialize(destination=path, format=dump.rdflib_format, encoding="utf-8")
            sums[dump.name] = hashlib.sha256(path.read_bytes()).hexdigest()
            packed = folder / f"{dump.name}.gz"
            packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            sums[packed.name] = hashlib.sha256(packed.read_bytes()).hexdigest()
        if void is not None and len(void):
            void.serialize(destination=folder / VOID, format="turtle", encoding="utf-8")
            sums[VOID] = hashlib.sha256((folder / VOID).read_bytes()).hexdigest()
        lines = [f"{digest}  {name}\n" for name, digest in sums.items()]
        (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
        meta = {
            **info,
            "dumps": {
                d.name: {
                    "mediaType": d.media_type,
                    "sha256": sums[d.name],
                    "gzipSha256": sums[d.name + ".gz"],
                }
                for d in DUMPS
            },
        }
        (folder / BUILD_INFO).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        return sums

    return replace_atomically(out_dir, write_all)


def replace_atomically(out_dir: Path, write: Callable[[Path], T]) -> T:
    """Run ``write`` on a fresh folder and swap it in for ``out_dir`` only if it succeeds."""
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadData(f"cannot create the output folder: {exc.strerror}", where=str(out_dir)) from exc
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        result = write(staging)
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out_dir.exists():
            retired.rename(out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return result
