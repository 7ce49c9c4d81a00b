"""VoID and DCAT description of the dataset, generated from the data at build time."""

from __future__ import annotations

from rdflib import Dataset, Graph

from extratex_kg.config import Settings


def void_graph(dataset: Dataset, settings: Settings, info: dict[str, object]) -> Graph:
    """The dataset's VoID/DCAT description (filled in by the linked-data issue)."""
    return Graph()
