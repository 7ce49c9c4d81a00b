"""What the linked-data front end reads, in one object: the store, the build, the project's files.

Local URLs and IRIs map one to one: a path ``/id/…`` or ``/def/…`` of the server is the IRI
``<base>id/…`` or ``<base>def/…``, whatever host the request came to.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from extratex_kg.config import DEFAULT_BASE, Settings
from extratex_kg.describe import Describer, add_triples
from extratex_kg.dumps import VOID
from extratex_kg.errors import BadData
from extratex_kg.project import SOURCE_FILE
from extratex_kg.rdfio import read_graph
from extratex_kg.serialize import bind_all, namespaces_for
from extratex_kg.sources import SourceText

LOCAL_ROOTS = ("id/", "def/")


def local_path(base: str, iri: str) -> str:
    """The link for an IRI: the server path under the base (``/id/…``, ``/def/…``), else the IRI
    itself if it is http(s), else an inert ``#`` (a ``javascript:`` IRI in data is never a link)."""
    if iri.startswith(base) and iri[len(base) :].startswith(LOCAL_ROOTS):
        return "/" + iri[len(base) :]
    return iri if iri.lower().startswith(("http://", "https://")) else "#"


class Site:
    """The published dataset as the web pages see it."""

    def __init__(self, settings: Settings, store: ox.Store, dist: Path, version: str) -> None:
        self.settings = settings
        self.store = store
        self.dist = dist
        self.version = version
        self.base = settings.base_iri
        self.prefixes = namespaces_for(self.base)
        self.describer = Describer(store, self.prefixes)
        self.ontology_iri = self.base + "def/"
        self.source_iri = self.base + "id/source/extratex-partnership"
        self._lock = threading.Lock()
        self._void: tuple[float, Graph] | None = None

    # --- IRIs and local URLs -------------------------------------------------------------

    def local_url(self, iri: str) -> str:
        """The server path of an IRI under the base (``/id/…``), else the IRI itself."""
        return local_path(self.base, iri)

    def curie(self, iri: str) -> str:
        """``prefix:name`` for an IRI in a known namespace (the longest one), else the IRI."""
        best = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(self.prefixes.get(best, "")):
                best = prefix
        return f"{best}:{iri[len(self.prefixes[best]) :]}" if best else iri

    def expand(self, curie: str) -> str | None:
        """The IRI of ``prefix:name``, or None when the prefix is unknown or the result no IRI."""
        prefix, sep, name = curie.partition(":")
        namespace = self.prefixes.get(prefix)
        if not (sep and namespace and name):
            return None
        try:
            return ox.NamedNode(namespace + name).value
        except ValueError:
            return None

    # --- read once -----------------------------------------------------------------------

    @cached_property
    def ontology(self) -> Graph:
        """The ontology graph, from the store."""
        graph = bind_all(Graph(bind_namespaces="none"), self.prefixes)
        quads = self.store.quads_for_pattern(None, None, None, ox.NamedNode(self.ontology_iri))
        add_triples(graph, (ox.Triple(q.subject, q.predicate, q.object) for q in quads))
        return graph

    @cached_property
    def term_labels(self) -> dict[str, str]:
        """Labels of the ontology's terms, by IRI."""
        return {str(s): str(o) for s, o in self.ontology.subject_objects(RDFS.label)}

    @cached_property
    def shapes(self) -> Graph:
        """The SHACL shapes of the project, under the served base."""
        graph = bind_all(Graph(bind_namespaces="none"), self.prefixes)
        for path in sorted(self.settings.shapes_dir.glob("*.ttl")):
            for s, p, o in read_graph(path):
                graph.add((self._rebase(s), self._rebase(p), self._rebase(o)))
        return graph

    def _rebase(self, node: Node) -> Node:
        if isinstance(node, URIRef) and node.startswith(DEFAULT_BASE) and self.base != DEFAULT_BASE:
            return URIRef(self.base + node[len(DEFAULT_BASE) :])
        return node

    @cached_property
    def source_text(self) -> SourceText | None:
        try:
            return SourceText.read(self.settings.data_dir / "sources" / SOURCE_FILE)
        except BadData:
            return None

    def void(self) -> Graph | None:
        """The build's VoID description (``void.ttl``), re-read when the build changes."""
        path = self.dist / VOID
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return None
        with self._lock:
            if self._void is None or self._void[0] != mtime:
                graph = bind_all(Graph(bind_namespaces="none"), self.prefixes)
                graph.parse(path, format="turtle")
                self._void = (mtime, graph)
            return self._void[1]
