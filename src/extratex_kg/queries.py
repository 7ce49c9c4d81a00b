"""Saved queries: ``queries/<name>.rq``, SPARQL with a ``#+`` metadata header (grlc style).

The model of a saved query, as read from its header: its parameters and its chart. The header
is read by ``queryheader``; ``queryload`` reads and checks the files; ``querybind`` binds
parameter values; ``queryrows`` and ``queryrun`` give answers as plain rows and run queries
from the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PARAM_TYPES = ("iri", "string", "integer", "year", "enum")
CHART_TYPES = ("bar", "grouped-bar", "timeline")
TOP_KEYS = ("title", "description", "tags", "params", "chart")
PARAM_KEYS = (
    *("name", "type", "label", "description", "class", "prefix"),
    *("values", "default", "required", "multiple"),
)
CHART_KEYS = ("type", "category", "value", "series", "label", "axis")


@dataclass(frozen=True)
class Param:
    """A declared parameter: how to read its values and which values it allows."""

    name: str
    type: str
    label: str
    description: str = ""
    required: bool = False
    multiple: bool = False
    default: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the allowed values (IRIs expanded); empty: any of the type
    class_iri: str | None = None  # iri: the values are the instances of this class
    prefix: str | None = None  # iri: a bare slug is a local name in this prefix's namespace
    line: int = 0


@dataclass(frozen=True)
class Chart:
    """How to draw an answer: the columns of categories, values, series and value text."""

    type: str
    category: str
    value: str
    series: str | None = None
    label: str | None = None
    axis: str | None = None
    line: int = 0


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/<name>.rq`` file, checked; ``columns`` are the variables it selects."""

    name: str
    path: Path
    title: str
    description: str
    text: str
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    chart: Chart | None = None
    columns: tuple[str, ...] = ()
