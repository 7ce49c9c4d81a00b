"""The running service: a current build loaded into query workers and a local store.

Library code (no Flask): the web front end (``web/serve.py``) and the CLI build on it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from extratex_kg.build import build, current_version
from extratex_kg.config import Settings
from extratex_kg.dumps import BUILD_INFO
from extratex_kg.engine import WorkerPool, load_store, open_store
from extratex_kg.errors import BadData
from extratex_kg.rdfio import syntax_of
from extratex_kg.service import QueryService

DUMP = "extratex.nq"


@dataclass(frozen=True)
class DatasetInfo:
    """Figures of the loaded dataset, for the service description (and VoID later)."""

    version: str
    triples: int
    graphs: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True)
class Loaded:
    """The data a server answers from."""

    dump: Path
    version: str
    dist: Path


@dataclass(frozen=True)
class Runtime:
    """What a running server holds: the query service, the dataset's figures, a local store."""

    service: QueryService
    info: DatasetInfo
    store: ox.Store  # in this process, default graph = union: for fixed, bounded lookups
    dist: Path


def ensure_built(settings: Settings) -> Path:
    """The dist folder, rebuilt first if missing or older than the inputs."""
    dist = settings.dist_dir
    info = dist / BUILD_INFO
    if info.is_file() and (dist / DUMP).is_file():
        built = json.loads(info.read_text(encoding="utf-8")).get("version")
        if built == current_version(settings):
            return dist
    build(settings)
    return dist


def combine(dump: Path, extra: tuple[Path, ...], folder: Path) -> Path:
    """The build's dump plus extra files; triple syntaxes land in the default graph."""
    if not extra:
        return dump
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    for path in extra:
        ox_format, _, _ = syntax_of(path)
        try:
            store.bulk_load(path=str(path), format=ox_format)
        except (SyntaxError, OSError, ValueError) as exc:
            raise BadData(f"cannot load extra data: {exc}", where=str(path)) from None
    combined = folder / "combined.nq"
    store.dump(str(combined), format=ox.RdfFormat.N_QUADS)
    return combined


def dataset_info(store: ox.Store, version: str) -> DatasetInfo:
    """Triples per named graph and in the union (the store's default graph holds the union)."""
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    graphs = tuple((row["g"].value, int(row["n"].value)) for row in counts)  # type: ignore[union-attr]
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(union, ox.QuerySolutions)
    return DatasetInfo(version=version, triples=int(next(union)["n"].value), graphs=graphs)


def load(settings: Settings, folder: Path) -> Loaded:
    """A private copy of the current build (plus extra files), and the version of that data.

    The copy pins a running server to the build it loaded: a rebuild meanwhile changes neither
    the dumps it serves nor its VoID, which stay consistent with its store and ETags.
    """
    dist = Path(shutil.copytree(ensure_built(settings), folder / "dist"))
    dump = combine(dist / DUMP, settings.extra_data, folder)
    digest = hashlib.sha256(json.loads((dist / BUILD_INFO).read_text())["version"].encode())
    for path in settings.extra_data:
        digest.update(path.read_bytes())
    return Loaded(dump, digest.hexdigest()[:16], dist)


def fill_disk_store(store_dir: Path, dump: Path, version: str) -> None:
    """Load the dump into the on-disk store unless it already holds this version."""
    marker = store_dir / "extratex-kg-version"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == version:
        return
    store = ox.Store(str(store_dir))
    store.clear()
    load_store(store, dump)
    store.flush()
    del store
    marker.write_text(version + "\n", encoding="utf-8")


@contextmanager
def running_service(settings: Settings) -> Iterator[Runtime]:
    """A query service over the current build, its workers stopped on exit."""
    with tempfile.TemporaryDirectory(prefix="extratex-kg-") as folder:
        loaded = load(settings, Path(folder))
        if settings.store_dir is not None:
            settings.store_dir.mkdir(parents=True, exist_ok=True)
            fill_disk_store(settings.store_dir, loaded.dump, loaded.version)
        pool = WorkerPool(loaded.dump, settings.workers, settings.store_dir)
        try:
            store = open_store(loaded.dump, settings.store_dir)  # on disk: read-only, not a copy
            info = dataset_info(store, loaded.version)
            service = QueryService(settings, pool.run, loaded.version)
            yield Runtime(service, info, store, loaded.dist)
        finally:
            pool.close()
