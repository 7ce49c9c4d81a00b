"""Settings, passed in explicitly; read from the environment only when asked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/extratex/"
ENV_PREFIX = "EXTRATEX_KG_"


def _default_project_dir() -> Path:
    """The checkout holding ontology/, data/ and shapes/: the source tree, else the cwd."""
    here = Path(__file__).resolve().parent.parent.parent
    return here if (here / "ontology").is_dir() else Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Everything the library and the front ends need to know, in one frozen object."""

    project_dir: Path = field(default_factory=_default_project_dir)
    base_iri: str = DEFAULT_BASE
    out_dir: Path | None = None  # default: <project_dir>/dist
    # Serving
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2  # query worker processes
    threads: int = 8  # HTTP threads
    store_dir: Path | None = None  # on-disk Oxigraph store; None = in memory
    extra_data: tuple[Path, ...] = ()
    timeout: float = 10.0  # seconds per query; a client may ask for less
    max_rows: int = 10_000  # result rows (or triples) per answer
    max_body: int = 1_000_000  # bytes of a request body
    cors_origin: str = "*"
    allowed_services: frozenset[str] = frozenset()  # SERVICE endpoints a query may call
    cache_bytes: int = 64_000_000  # memory for cached query answers

    @property
    def ontology_dir(self) -> Path:
        return self.project_dir / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.out_dir if self.out_dir is not None else self.project_dir / "dist"

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from EXTRATEX_KG_* variables (PROJECT_DIR, BASE_IRI, OUT_DIR)."""
        env = os.environ if environ is None else environ
        settings = cls()
        if value := env.get(ENV_PREFIX + "PROJECT_DIR"):
            settings = replace(settings, project_dir=Path(value))
        if value := env.get(ENV_PREFIX + "BASE_IRI"):
            settings = replace(settings, base_iri=value)
        if value := env.get(ENV_PREFIX + "OUT_DIR"):
            settings = replace(settings, out_dir=Path(value))
        if value := env.get(ENV_PREFIX + "TIMEOUT"):
            settings = replace(settings, timeout=float(value))
        if value := env.get(ENV_PREFIX + "CORS_ORIGIN"):
            settings = replace(settings, cors_origin=value)
        if value := env.get(ENV_PREFIX + "ALLOWED_SERVICES"):
            settings = replace(settings, allowed_services=frozenset(value.split()))
        return settings
