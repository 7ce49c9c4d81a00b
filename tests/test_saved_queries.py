"""Saved queries as a library: headers, checks, binding, each shipped question's answer, charts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

from extratex_kg.build import BuildResult
from extratex_kg.charts import Bar, Event, bar_chart, chart_svg, grouped_bar_chart, nice_ticks, timeline
from extratex_kg.config import Settings
from extratex_kg.errors import BadData, BadParameter
from extratex_kg.queries import Chart, SavedQuery
from extratex_kg.querybind import Options, bind
from extratex_kg.queryload import load_queries, load_query
from extratex_kg.queryrows import plain_rows
from extratex_kg.queryrun import describe_params
from extratex_kg.sparql import QueryRequest, execute

from .conftest import ROOT, copy_project

DOCS = ROOT / "docs" / "queries.md"
SVG = "{http://www.w3.org/2000/svg}"
INJECTION = '"} ; DROP ALL #'


@pytest.fixture(scope="module")
def queries(settings: Settings) -> dict[str, SavedQuery]:
    return {q.name: q for q in load_queries(settings)}


def answer(store: ox.Store, saved: SavedQuery, **given: str | list[str]) -> list[dict[str, object]]:
    values = {k: v if isinstance(v, list) else [v] for k, v in given.items()}
    text = bind(saved, values, Options(store))
    return plain_rows(execute(store, QueryRequest(text, "json")).body)


def pick(rows: list[dict[str, object]], *columns: str) -> set[tuple[object, ...]]:
    return {tuple(row[c] for c in columns) for row in rows}


# --- Files: they parse, are documented and run ---------------------------------------------


def test_every_query_file_loads(queries: dict[str, SavedQuery]) -> None:
    assert set(queries) == {
        "partners",
        "partners-in-less-developed-regions",
        "sectors",
        "cluster-labels",
        "certifications",
        "programme-participation",
        "partners-in-several-projects",
        "cluster-size",
        "founding-timeline",
        "international-cooperation",
        "standards-and-fairs",
        "evidence",
        "reference-facts",
    }
    for saved in queries.values():
        assert saved.title and saved.description and saved.columns, saved.name
        assert ox.Store().query(saved.text) is not None  # each file is plain, valid SPARQL


def catalogue_markdown(queries: list[SavedQuery]) -> str:
    """The generated part of docs/queries.md: one section per saved query."""
    out = []
    for saved in queries:
        out += [f"### `{saved.name}`: {saved.title}", "", saved.description, ""]
        if saved.tags:
            out += [f"Tags: {', '.join(saved.tags)}.", ""]
        if saved.chart:
            out += [f"Chart: {saved.chart.type} of `{saved.chart.value}` by `{saved.chart.category}`.", ""]
        out += [f"Parameters: {describe_params(saved)}.", ""]
        for p in saved.params:
            out.append(f"- `{p.name}` ({p.label}): {p.description or '—'}")
        out += [""] if saved.params else []
        out += [f"Columns: {', '.join(f'`{c}`' for c in saved.columns)}.", ""]
    return "\n".join(out).rstrip() + "\n"


def test_docs_list_every_query_as_the_files_say(queries: dict[str, SavedQuery]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- catalogue: generated from queries/*.rq -->\n", "<!-- end of catalogue -->"
    assert begin in text and end in text
    documented = text.split(begin, 1)[1].split(end, 1)[0]
    expected = catalogue_markdown(sorted(queries.values(), key=lambda q: q.name))
    assert documented == expected, f"docs/queries.md is out of date; its catalogue should read:\n{expected}"


def test_every_query_runs_without_parameters(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    for saved in queries.values():
        given = {"resource": "ntt"} if saved.name == "evidence" else {}
        assert answer(store, saved, **given), f"{saved.name} has no answer on the shipped data"


def test_binding_keeps_lines_and_uses_values(queries: dict[str, SavedQuery]) -> None:
    saved = queries["partners"]
    bound = bind(saved, {"country": ["italy", "country:spain"]}, Options(None))
    assert len(bound.splitlines()) == len(saved.text.splitlines())
    assert (
        "WHERE { VALUES ?country { <https://w3id.org/extratex/id/country/italy> "
        "<https://w3id.org/extratex/id/country/spain> }" in bound
    )


# --- The shipped questions, against what the document says ---------------------------------


def test_partners_by_country_and_region(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["partners"])
    assert pick(rows, "name", "countryName", "regionName") == {
        ("Next Technology Tecnotessile", "Italy", "Tuscany"),
        ("FOMENTEX", "Spain", "Valencian Community"),
        ("AECIM", "Spain", "Community of Madrid"),
        ("CLUTEX", "Czech Republic", "Severovýchod"),
        ("Slovak Plastic Cluster", "Slovakia", "Západné Slovensko"),
        ("European Risk & Resilience Institute", "Germany", "Stuttgart (government region)"),
    }  # "6 clusters across 5 different regions, Italy, Spain, Germany, Slovakia and Czech Republic"
    by_name = {row["name"]: row for row in rows}
    assert set(str(by_name["AECIM"]["kinds"]).split(", ")) == {"Association", "Cluster"}
    assert set(str(by_name["AECIM"]["sectors"]).split(", ")) == {"Metal", "Automotive"}
    assert (
        by_name["European Risk & Resilience Institute"]["kinds"]
        == "European Economic Interest Grouping (EEIG)"
    )
    assert by_name["Slovak Plastic Cluster"]["sectors"] == "Plastics"
    two = answer(store, queries["partners"], country=["italy", "https://w3id.org/extratex/id/country/spain"])
    assert {r["name"] for r in two} == {"Next Technology Tecnotessile", "FOMENTEX", "AECIM"}


def test_partners_in_less_developed_regions(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    saved = queries["partners-in-less-developed-regions"]
    document = answer(store, saved, basis="document")
    assert pick(document, "name", "placeName", "claim") == {
        ("CLUTEX", "Czech Republic", "https://w3id.org/extratex/id/claim/extratex-less-developed-countries"),
        (
            "Slovak Plastic Cluster",
            "Slovakia",
            "https://w3id.org/extratex/id/claim/extratex-less-developed-countries",
        ),
    }  # "… Slovakia and Czech Republic, these last two from less developed regions"
    legal = answer(store, saved, basis="legal")
    assert pick(legal, "name", "placeName", "period", "confidence") == {
        ("CLUTEX", "Severovýchod", "2021–2027", "Believed"),
        ("Slovak Plastic Cluster", "Západné Slovensko", "2021–2027", "Believed"),
    }
    assert len(answer(store, saved)) == 4


def test_sectors_across_regions(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["sectors"])
    spanning = {
        r["sectorName"]: r for r in rows if isinstance(r["countryCount"], int) and r["countryCount"] > 1
    }
    assert set(spanning) == {"Textile"}
    assert set(str(spanning["Textile"]["countries"]).split(", ")) == {"Italy", "Spain", "Czech Republic"}
    textile = answer(store, queries["sectors"], sector="textile")
    assert len(textile) == 1
    assert set(str(textile[0]["clusters"]).split(", ")) == {"CLUTEX", "Valencian textile cluster"}
    assert set(str(textile[0]["otherOrganisations"]).split(", ")) == {
        "FOMENTEX",
        "Next Technology Tecnotessile",
    }
    plastics = answer(store, queries["sectors"], sector="sector:plastics")
    assert pick(plastics, "countries", "clusters") == {("Slovakia", "Slovak Plastic Cluster")}


def test_cluster_management_labels(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["cluster-labels"])
    assert pick(rows, "countryName", "name", "status", "level") == {
        ("Italy", "OTIR2020 – TFC", "held", "Bronze"),  # "Bronze Label gained"
        ("Slovakia", "Slovak Plastic Cluster", "held", "Bronze"),  # "holder of Bronze label"
        ("Slovakia", "Slovak Plastic Cluster", "aimed for", "Silver"),  # "should be vindicating … Silver"
    }
    assert len(answer(store, queries["cluster-labels"], country="italy")) == 1


def test_quality_certifications(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["certifications"], standard="iso-9001")
    assert pick(rows, "name", "standardName", "editionName") == {
        ("Next Technology Tecnotessile", "ISO 9001", "ISO 9001:2000"),  # "ISO 9001: 2000"
        ("AECIM", "ISO 9001", None),  # "AECIM is ISO 9001 certified."
    }


def test_programme_participation(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    cosme = answer(store, queries["programme-participation"], programme="cosme")
    assert pick(cosme, "name", "projectName", "actionName", "roleName", "throughName", "basis") == {
        ("Next Technology Tecnotessile", "CLUSTEM", None, "Manager", "OTIR2020 – TFC", "document"),
        ("Next Technology Tecnotessile", "TEX4IM", "ESCP-S3", "Manager", "OTIR2020 – TFC", "document"),
        ("Next Technology Tecnotessile", "ALLIANCE", "ESCP-4i", "Manager", "OTIR2020 – TFC", "document"),
        (
            "Next Technology Tecnotessile",
            "EXTRATEX",
            "ESCP-4x",
            "Manager",
            "OTIR2020 – TFC",
            "reference data",
        ),
    }
    assert ("CLUSTEM", "2014") in pick(
        cosme, "projectName", "year"
    )  # "CLUSTEM project (COSME PROGRAMME 2014)"
    llp = answer(store, queries["programme-participation"], programme="lifelong-learning-programme")
    assert pick(llp, "name", "roleName") == {
        ("Slovak Plastic Cluster", "Lead partner"),
        ("Slovak Plastic Cluster", "Partner"),
    }


def test_partners_in_more_than_one_project(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    saved = queries["partners-in-several-projects"]
    assert pick(answer(store, saved), "name", "projects") == {
        ("Next Technology Tecnotessile", 4),
        ("Slovak Plastic Cluster", 2),  # "SPC participated in 2 projects of Lifelong Learning Programme"
    }
    assert pick(answer(store, saved, programme="cosme"), "name") == {("Next Technology Tecnotessile",)}
    assert pick(answer(store, saved, minimum="3"), "name") == {("Next Technology Tecnotessile",)}


def test_cluster_size_shows_approximations(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["cluster-size"])
    documented = {r for r in pick(rows, "name", "measureName", "value", "precision", "stated", "basis")}
    assert documented == {
        ("OTIR2020 – TFC", "Member companies", 480, "approximately", "around 480 companies", "document"),
        ("CLUTEX", "Member companies", 36, "exact", "a total of 36 companies", "document"),
        ("Slovak Plastic Cluster", "Members", 41, "exact", "41 members", "document"),
        (
            "European Risk & Resilience Institute",
            "Members",
            50,
            "approximately",
            "about 50 companies and organizations",
            "document",
        ),
        (
            "Next Technology Tecnotessile",
            "Capital partners",
            35,
            "approximately",
            "circa 35 partners",
            "document",
        ),
        ("AECIM", "Employees", 30, "exact", "30 employees", "document"),
        ("Slovak Plastic Cluster", "Staff", 5, "exact", "5 persons", "document"),
        ("CLUTEX", "Members", 34, "exact", "31 companies, 2 associations and 1 university", "reference data"),
    }
    members = answer(store, queries["cluster-size"], measure=["members", "measure:member-companies"])
    assert {r["name"] for r in members} == {
        "OTIR2020 – TFC",
        "CLUTEX",
        "Slovak Plastic Cluster",
        "European Risk & Resilience Institute",
    }


def test_founding_timeline_oldest_first(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["founding-timeline"])
    assert [(r["name"], r["date"], r["precision"], r["basis"]) for r in rows] == [
        ("Next Technology Tecnotessile", "1972", "year", "document"),  # "established in 1972"
        ("AECIM", "1977", "year", "reference data"),
        ("CLUTEX", "2006-03-14", "day", "reference data"),
        ("Madrid Cluster de Automoción", "2007-04", "month", "document"),  # "founded in April 2007"
        ("Slovak Plastic Cluster", "2009-03-13", "day", "reference data"),
        ("Slovak Plastic Cluster", "2009-03-23", "day", "document"),  # "founded at 23th March, 2009"
        ("European Secretariat for Cluster Analysis", "2010", "year", "reference data"),
    ]
    recent = answer(store, queries["founding-timeline"], basis="document", since="2000")
    assert [r["date"] for r in recent] == ["2007-04", "2009-03-23"]


def test_international_cooperation_by_country(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["international-cooperation"])
    assert pick(rows, "countryName", "organisations", "organisationNames") == {
        ("Czech Republic", 1, "Plastic Cluster Zlín"),
        ("Slovenia", 1, "TECOS Tool and Development Centre"),
        ("France", 1, "Institut Supérieur de Plasturgie d'Alencon"),
        ("Austria", 1, "Montan Universität Leoben"),
        ("Switzerland", 1, "Swiss Association for Purchasing and Supply Management"),
        ("United Kingdom", 1, "City of Wolverhampton College"),
    }  # ŠIOV (Slovakia) is SPC's partner at home, not abroad
    assert {r["partners"] for r in rows} == {"Slovak Plastic Cluster"}
    assert answer(store, queries["international-cooperation"], partner="ntt") == []


def test_standards_committees_and_trade_fairs(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["standards-and-fairs"])
    assert pick(rows, "name", "kind", "itemName") == {
        ("European Risk & Resilience Institute", "standards committee", "ISO/TC 262 Risk Management"),
        ("European Risk & Resilience Institute", "standards committee", "ISO/TC 292 Resilience Management"),
        *{("CLUTEX", "trade fair", fair) for fair in ("Techtextil", "m-Tex", "ISPO", "Nanotech", "A+A")},
    }
    assert len(answer(store, queries["standards-and-fairs"], kind="trade fair")) == 5


def test_evidence_gives_every_fact_with_its_quote(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["evidence"], resource="clutex")
    figure = [r for r in rows if r["value"] == "https://w3id.org/extratex/id/figure/clutex-member-companies"]
    assert pick(figure, "quote", "line", "start", "end") == {
        ("CLUTEX brings together a total of 36 companies.", 31, 4204, 4251)
    }
    assert all(r["quote"] for r in rows if r["basis"] == "document")
    founding = [r for r in rows if r["property"] == "https://schema.org/foundingDate"]
    assert pick(founding, "value", "basis", "confidence") == {
        ("2006-03-14", "reference data", "Verified from source")
    }
    assert {r["subject"] for r in rows} >= {"https://w3id.org/extratex/id/partnership/extratex"}  # as object
    assert answer(store, queries["evidence"], resource="country:italy")


def test_facts_resting_on_reference_data(store: ox.Store, queries: dict[str, SavedQuery]) -> None:
    rows = answer(store, queries["reference-facts"])
    assert len(rows) == 66
    assert {r["confidenceName"] for r in rows} == {"Believed", "Verified from source"}
    believed = answer(store, queries["reference-facts"], confidence="believed")
    assert len(believed) == 32 and all(r["confidenceName"] == "Believed" for r in believed)
    spc = [r for r in rows if r["claim"] == "https://w3id.org/extratex/id/claim/ref-spc-founding-interreg"]
    assert pick(spc, "confidenceName", "sourceName") == {
        ("Verified from source", "Reference notes (other facts)")
    }
    claims = {r["claim"] for r in rows}
    assert "https://w3id.org/extratex/id/claim/ref-mca-location" not in claims  # the document says it too
    assert {r["claim"] for r in answer(store, queries["reference-facts"], text="LESS Developed")} == {
        "https://w3id.org/extratex/id/claim/ref-severovychod-cohesion-2021-2027",
        "https://w3id.org/extratex/id/claim/ref-zapadne-slovensko-cohesion-2021-2027",
    }


# --- Parameters: checked, typed, bound, never pasted ---------------------------------------


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("partners-in-several-projects", {"minimum": "two"}, "parameter minimum: 'two' is not an integer"),
        (
            "founding-timeline",
            {"since": "07"},
            "parameter since: '07' is not a year (four digits, such as 2021)",
        ),
        (
            "partners-in-less-developed-regions",
            {"basis": "rumour"},
            "parameter basis: 'rumour' is not one of the allowed values: document, legal",
        ),
        (
            "certifications",
            {"standard": "iso-14001"},
            "parameter standard: 'iso-14001' is not one of the allowed values: iso-9001, iso-9001-2000",
        ),
        ("evidence", {}, "missing required parameter resource (Resource)"),
        ("sectors", {"sector": ["textile", "plastics"]}, "parameter sector takes one value, not 2"),
        ("sectors", {"colour": "red"}, "unknown parameter colour; sectors takes: sector"),
        (
            "evidence",
            {"resource": INJECTION},
            "parameter resource: '\"} ; DROP ALL #' is not an IRI, a prefixed name "
            "or a slug of organisation:",
        ),
    ],
)
def test_bad_values_are_refused(
    store: ox.Store,
    queries: dict[str, SavedQuery],
    name: str,
    given: dict[str, str | list[str]],
    message: str,
) -> None:
    with pytest.raises(BadParameter) as caught:
        answer(store, queries[name], **given)
    assert caught.value.message == message
    assert caught.value.status == 400


def test_an_injection_attempt_is_a_string_matching_nothing(
    store: ox.Store, queries: dict[str, SavedQuery]
) -> None:
    saved = queries["reference-facts"]
    before = len(store)
    bound = bind(saved, {"text": [INJECTION]}, Options(store))
    assert 'VALUES ?text { "\\"} ; DROP ALL #" }' in bound
    assert answer(store, saved, text=INJECTION) == []
    assert len(store) == before
    assert len(answer(store, saved)) == 66


# --- Malformed query files fail the build with file:line ------------------------------------

GOOD = """#+ title: A question
#+ description: What it asks.
#+ params:
#+   - name: country
#+     type: iri
#+     class: ext:Country
PREFIX ext: <https://w3id.org/extratex/def/>
SELECT ?country WHERE { ?country a ext:Country }
"""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            GOOD.replace("#+ title: A question", "#+ title A question"),
            1,
            "expected 'key: value' in the #+ header, not 'title A question'",
        ),
        (
            GOOD.replace("type: iri", "type: colour"),
            5,
            "unknown parameter type 'colour'; expected: iri, string, integer, year, enum",
        ),
        (
            GOOD.replace("name: country", "name: place"),
            4,
            "parameter place does not appear in the query as ?place",
        ),
        (
            GOOD.replace("WHERE { ?country a ext:Country }", "WHERE { ?country a ext:Country"),
            8,
            "the query does not parse: expected one of",
        ),
        (GOOD.replace("#+ description: What it asks.\n", ""), 1, "the #+ header has no description"),
        (
            GOOD.replace("#+     class: ext:Country", "#+      class: ext:Country"),
            6,
            "unexpected indentation",
        ),
        (
            GOOD.replace("#+     class: ext:Country", "#+     colour: ext:Country"),
            6,
            "unknown key 'colour' in a parameter; expected: name, type, label",
        ),
        (
            GOOD.replace("?country WHERE {", "?country WHERE { BIND(1 AS ?country)"),
            8,
            "the query does not parse with its parameters bound",
        ),
        (GOOD + "#+ tags: [late]\n", 9, "a #+ line after the query has begun: the header comes first"),
        (GOOD.replace("SELECT ?country WHERE", "ASK WHERE"), 7, "a saved query must be a SELECT query"),
    ],
)
def test_malformed_headers_and_queries_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadData) as caught:
        load_query(path)
    assert caught.value.where == f"{path}:{line}"
    assert caught.value.message.startswith(message), caught.value.message


def test_a_chart_must_name_selected_columns(tmp_path: Path) -> None:
    path = tmp_path / "chart.rq"
    path.write_text(
        GOOD.replace(
            "#+ params:", "#+ chart:\n#+   type: bar\n#+   category: country\n#+   value: n\n#+ params:"
        ),
        encoding="utf-8",
    )
    with pytest.raises(BadData) as caught:
        load_query(path)
    assert str(caught.value) == f"{path}:3: the chart's column 'n' is not selected by the query"


def build_copy(tmp_path: Path, built: BuildResult, name: str, text: str) -> subprocess.CompletedProcess[str]:
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "queries", project / "queries")
    (project / "queries" / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "EXTRATEX_KG_OUT_DIR": str(tmp_path / "dist")}
    command = [sys.executable, "-m", "extratex_kg.cli", "--project", str(project), "build"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_the_build_fails_on_an_unknown_parameter_type(tmp_path: Path, built: BuildResult) -> None:
    result = build_copy(tmp_path, built, "zz-broken.rq", GOOD.replace("type: iri", "type: colour"))
    path = tmp_path / "project" / "queries" / "zz-broken.rq"
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: {path}:5: unknown parameter type 'colour'; expected: iri, string, integer, year, enum"
    )
    assert not (tmp_path / "dist").exists()


def test_the_build_fails_on_a_query_that_does_not_parse(tmp_path: Path, built: BuildResult) -> None:
    broken = (
        (ROOT / "queries" / "sectors.rq")
        .read_text(encoding="utf-8")
        .replace("GROUP BY ?sector\n", "GROUP ?s\n", 1)
    )
    result = build_copy(tmp_path, built, "sectors.rq", broken)
    line = next(i for i, text in enumerate(broken.splitlines(), start=1) if text.strip() == "GROUP ?s")
    assert result.returncode == 2
    where = re.escape(f"{tmp_path}/project/queries/sectors.rq:{line}")
    assert re.match(rf"error: {where}: the query does not parse: ", result.stderr)


# --- Charts ---------------------------------------------------------------------------------


def svg_texts(svg: str) -> tuple[ElementTree.Element, list[str]]:
    root = ElementTree.fromstring(svg)
    return root, [t.text or "" for t in root.iter(f"{SVG}text")]


def test_bar_chart_has_a_text_alternative() -> None:
    bars = [Bar("TFC", 480, "around 480 companies"), Bar("CLUTEX", 36, "a total of 36 companies")]
    root, texts = svg_texts(bar_chart("Cluster size", bars, "Stated figure", "cluster"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.findtext(f"{SVG}title") == "Cluster size"
    assert root.findtext(f"{SVG}desc") == (
        "Bar chart of Stated figure by cluster, 2 bars. "
        "TFC: around 480 companies; CLUTEX: a total of 36 companies."
    )
    assert {"TFC", "CLUTEX", "around 480 companies", "a total of 36 companies", "Stated figure"} <= set(texts)
    assert {"0", "100", "500"} <= set(texts)


def test_grouped_bars_name_their_series() -> None:
    bars = [Bar("Italy", 2, "2", "held"), Bar("Italy", 1, "1", "aimed for"), Bar("Slovakia", 1, "1", "held")]
    root, texts = svg_texts(grouped_bar_chart("Labels", bars, "labels", "country"))
    assert {"held", "aimed for", "held: 2", "aimed for: 1", "Italy", "Slovakia"} <= set(texts)
    assert "Italy, held: 2; Italy, aimed for: 1; Slovakia, held: 1" in (root.findtext(f"{SVG}desc") or "")
    assert len(root.findall(f"{SVG}rect")) == 3 + 2  # three bars, two legend swatches


def test_timeline_orders_dates_at_their_precision() -> None:
    events = [Event("SPC", 2009.2, "2009-03-23"), Event("NTT", 1972.0, "1972")]
    root, texts = svg_texts(timeline("Founding", events, "organisation"))
    assert (root.findtext(f"{SVG}desc") or "").endswith("oldest first. NTT: 1972; SPC: 2009-03-23.")
    assert {"1970", "2010", "Year", "NTT", "1972"} <= set(texts)
    chart = Chart("timeline", "name", "founded")
    rows: list[dict[str, object]] = [{"name": "MCA", "founded": "2007-04"}, {"name": "x", "founded": None}]
    assert "MCA: 2007-04" in (chart_svg(chart, "t", rows) or "")
    assert chart_svg(Chart("bar", "name", "n"), "t", [{"name": "a", "n": None}]) is None


def test_labels_are_escaped_and_long_ones_cut() -> None:
    long = "A very long organisation name that goes on <and on> & on for ever"
    svg = bar_chart("<t>", [Bar(long, 1, "1 & more")], "n", "name")
    _, texts = svg_texts(svg)
    assert texts[0] == long[:45] + "…" and "1 & more" in texts
    assert f"<title>{long.replace('<', '&lt;').replace('>', '&gt;').replace(' & ', ' &amp; ')}</title>" in svg


def test_nice_ticks() -> None:
    assert nice_ticks(0, 480) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(1972, 2011, 6) == [1970, 1980, 1990, 2000, 2010, 2020]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
