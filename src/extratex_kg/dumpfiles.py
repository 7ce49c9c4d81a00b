"""The files of a build folder that are published under /dumps/: what they are, their size and hash.

Only the names listed here are ever served, so no request can reach another file.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from extratex_kg.dumps import BUILD_INFO, CHECKSUMS, DUMPS, VOID

GZIP = "application/gzip"


@dataclass(frozen=True)
class DumpFile:
    name: str
    path: Path
    media_type: str
    title: str
    size: int
    sha256: str
    modified: datetime

    @property
    def compressed(self) -> bool:
        return self.media_type == GZIP


def published() -> dict[str, tuple[str, str]]:
    """Every publishable file name → (media type, title), in the order they are listed."""
    files: dict[str, tuple[str, str]] = {}
    for dump in DUMPS:
        graphs = "named graphs kept" if dump.named_graphs else "union of all graphs"
        files[dump.name] = (dump.media_type, f"The dataset ({graphs})")
        files[f"{dump.name}.gz"] = (GZIP, f"{dump.name}, compressed with gzip")
    files[VOID] = ("text/turtle", "VoID and DCAT description of the dataset")
    files[CHECKSUMS] = ("text/plain", "SHA-256 checksums of the dumps")
    files[BUILD_INFO] = ("application/json", "Build information: version, counts, checksums")
    return files


_hashes: dict[tuple[str, int, int], str] = {}
_lock = threading.Lock()


def sha256_of(path: Path, size: int, mtime_ns: int) -> str:
    """The file's SHA-256, computed once per (path, size, mtime)."""
    key = (str(path), size, mtime_ns)
    with _lock:
        if key in _hashes:
            return _hashes[key]
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    with _lock:
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def dump_file(dist: Path, name: str) -> DumpFile | None:
    """The published file called ``name``, or None (unknown name, or missing from this build)."""
    known = published()
    if name not in known:
        return None
    path = dist / name
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    media_type, title = known[name]
    modified = datetime.fromtimestamp(int(stat.st_mtime), tz=UTC)
    return DumpFile(
        name, path, media_type, title, stat.st_size, sha256_of(path, stat.st_size, stat.st_mtime_ns), modified
    )


def dump_files(dist: Path) -> list[DumpFile]:
    return [f for f in (dump_file(dist, name) for name in published()) if f is not None]
