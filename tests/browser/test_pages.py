"""The pages in a real browser: the SPARQL editor, saved questions, links, search, phones, keyboards."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import Watched

SITE = "EXTRATEX knowledge graph"
MAIN_PAGES = [
    ("home", "/"),
    ("sparql", "/sparql"),
    ("queries", "/queries"),
    ("saved-question", "/queries/partners?country=italy"),
    ("resource", "/id/organisation/ntt"),
    ("source", "/id/source/extratex-partnership"),
    ("search", "/search?q=cluster"),
    ("ontology", "/def/"),
    ("ontology-term", "/def/Cluster"),
    ("class", "/class/ext:Cluster"),
    ("dumps", "/dumps/"),
]
CLUSTERS_QUERY = """PREFIX ext: <https://w3id.org/extratex/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?cluster ?name WHERE { ?cluster a ext:Cluster ; rdfs:label ?name } ORDER BY ?name"""
COUNT_QUERY = """PREFIX ext: <https://w3id.org/extratex/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?sector) AS ?sectors) WHERE {
  <https://w3id.org/extratex/id/partnership/extratex> org:hasMember ?partner .
  ?partner rdfs:label ?name ; ext:sector ?sector .
} GROUP BY ?name ORDER BY DESC(?sectors) ?name"""

ROWS = ".yasr .dataTable tbody tr"
HINTS = ".CodeMirror-hints"


def open_editor(web: Watched, path: str = "/sparql") -> None:
    web.goto(path)
    web.page.wait_for_selector(".yasqe .CodeMirror")
    assert web.page.locator("#editor-missing").count() == 0, (
        "YASGUI is not installed: ./dev setup runs npm ci"
    )


def editor_query(web: Watched) -> str:
    text: str = web.page.evaluate("window.extratexEditor.getTab().getQuery()")
    return text


def set_query(web: Watched, query: str) -> None:
    web.page.evaluate("q => { window.extratexEditor.getTab().setQuery(q); }", query)


def run_query(web: Watched) -> int:
    """Press the editor's run button; the number of result rows shown."""
    web.page.click(".yasqe_queryButton")
    web.page.wait_for_selector(".yasr_response_chip:has-text('result')")
    return web.page.locator(ROWS).count()


def table_texts(web: Watched) -> list[str]:
    return web.page.locator(ROWS).all_inner_texts()


def test_typed_query_with_completion_runs_and_shows_rows(web: Watched) -> None:
    open_editor(web)
    page = web.page
    page.click(".yasqe .CodeMirror-code")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?cluster ?name WHERE {\n?cluster a ext:Clus")
    # The class completer offers the ontology's classes; the prefix is declared as it is typed.
    page.wait_for_selector(f"{HINTS} .CodeMirror-hint-active")
    offered = page.locator(f"{HINTS} li").all_inner_texts()
    assert any(text.startswith("ext:Cluster ") and "Cluster" in text for text in offered), offered
    assert any(text.startswith("ext:ClusterOrganisation") for text in offered), offered
    assert page.locator(f"{HINTS} .CodeMirror-hint-active").inner_text().startswith("ext:Cluster ")
    page.keyboard.press("Enter")
    page.keyboard.type(" ; rdfs:lab")
    page.wait_for_selector(f"{HINTS} li:has-text('rdfs:label')")
    page.keyboard.type("el ?name .\n}\nORDER BY ?name")
    query = editor_query(web)
    assert "PREFIX ext: <https://w3id.org/extratex/def/>" in query
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in query
    assert re.search(r"\?cluster a ext:Cluster ; rdfs:label \?name \.", query), query

    rows = run_query(web)
    assert rows >= 6
    texts = " ".join(table_texts(web))
    for name in ("CLUTEX", "AECIM", "Slovak Plastic Cluster"):
        assert name in texts
    # IRIs of the graph are shown with their prefix and link to this server's pages.
    link = page.locator(f"{ROWS} a.iri", has_text="organisation:clutex").first
    assert link.get_attribute("href") == web.url("/id/organisation/clutex")
    web.screenshot("sparql-editor-results")
    web.assert_clean()


def test_results_sort_as_a_table_and_show_the_raw_response(web: Watched) -> None:
    open_editor(web)
    set_query(web, CLUSTERS_QUERY)
    run_query(web)
    names = [row.split("\t")[2].strip() for row in table_texts(web)]
    assert names == sorted(names, key=str.lower) or names == sorted(names)
    heading = web.page.locator(".yasr .dataTable thead th:has-text('name')")
    heading.click()
    web.page.wait_for_selector(".yasr .dataTable thead th.dt-ordering-asc:has-text('name')")
    heading.click()
    web.page.wait_for_selector(".yasr .dataTable thead th.dt-ordering-desc:has-text('name')")
    resorted = [row.split("\t")[2].strip() for row in table_texts(web)]
    assert resorted == list(reversed(names)) and resorted != names
    web.page.click(".yasr .select_response")
    web.page.wait_for_selector(".yasr .CodeMirror")
    raw = web.page.locator(".yasr .CodeMirror").inner_text()
    assert '"head"' in raw and '"bindings"' in raw
    web.assert_clean()


def test_chart_of_a_numeric_column(web: Watched) -> None:
    open_editor(web)
    set_query(web, COUNT_QUERY)
    rows = run_query(web)
    assert rows == 6
    web.page.click(".yasr .select_chart")
    chart = web.page.locator(".yasr figure.chart svg[role=img]")
    chart.wait_for()
    assert chart.locator(".chart__rect").count() == 6
    labels = chart.locator(".chart__label").all_text_contents()
    assert "Next Technology Tecnotessile" in labels
    assert chart.get_attribute("aria-label") == "Bar chart of ?sectors for each ?name"
    web.screenshot("sparql-editor-chart")
    web.assert_clean()


def test_ask_construct_and_errors_are_shown(web: Watched) -> None:
    open_editor(web)
    set_query(web, "ASK { ?s a <https://w3id.org/extratex/def/Cluster> }")
    web.page.click(".yasqe_queryButton")
    web.page.wait_for_selector(".yasr .booleanResult:has-text('True')")
    set_query(web, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } ORDER BY ?s LIMIT 3")
    assert run_query(web) == 3
    assert web.page.locator(".yasr .select_chart.disabled").count() == 1  # no numbers to draw
    set_query(web, "SELECT * WHERE { ?s ?p }")
    web.page.click(".yasqe_queryButton")
    error = web.page.locator(".yasr .errorResult")
    error.wait_for()
    assert "400" in error.inner_text()
    web.screenshot("sparql-editor-error")
    # Chromium itself logs the failed request; that one line is expected, nothing else is.
    expected = [p for p in web.problems if "status of 400" in p]
    assert len(expected) == 1, web.problems
    web.problems.remove(expected[0])
    web.assert_clean()


def test_downloads_in_every_format(web: Watched, tmp_path: Path) -> None:
    open_editor(web)
    set_query(web, CLUSTERS_QUERY)
    rows = run_query(web)
    links = web.page.locator("#download-links a")
    formats = [links.nth(i).get_attribute("data-format") for i in range(links.count())]
    assert formats == ["json", "xml", "csv", "tsv"]
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        answer = web.page.request.get(href)
        assert answer.status == 200, href
    with web.page.expect_download() as info:
        web.page.click("#download-links a[data-format=csv]")
    download = info.value
    assert download.suggested_filename == "results.csv"
    saved = tmp_path / "results.csv"
    download.save_as(saved)
    table = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(table) == rows
    assert {"cluster", "name"} <= set(table[0])

    set_query(web, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    web.page.wait_for_function("document.querySelector('#download-links a').dataset.format === 'turtle'")
    graph_formats = web.page.locator("#download-links a").evaluate_all("as => as.map(a => a.dataset.format)")
    assert graph_formats == ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]
    web.assert_clean()


def test_share_link_reopens_the_query(web: Watched, browser: object) -> None:
    open_editor(web, "/sparql#query=" + quote(CLUSTERS_QUERY))
    web.page.wait_for_selector(ROWS)  # a shared link runs its query
    assert editor_query(web) == CLUSTERS_QUERY
    share = web.page.locator("#share-link").get_attribute("href") or ""
    assert urlsplit(share).path == "/sparql" and "#query=" in share

    set_query(web, COUNT_QUERY)
    run_query(web)
    share = web.page.locator("#share-link").get_attribute("href") or ""
    other = web.context.new_page()
    other.goto(share)
    other.wait_for_selector(ROWS)
    assert other.evaluate("window.extratexEditor.getTab().getQuery()") == COUNT_QUERY
    other.close()

    page_link = web.page.locator("#results-page-link").get_attribute("href") or ""
    web.page.goto(page_link)
    assert "Next Technology Tecnotessile" in web.page.locator("main table").inner_text()
    # The endpoint's own results page (/sparql?query=…&format=html) leads back to the editor.
    web.page.click("text=Edit this query in the query editor")
    web.page.wait_for_selector(ROWS)
    assert editor_query(web) == COUNT_QUERY
    web.assert_clean()


def test_saved_questions_open_as_editor_tabs(web: Watched) -> None:
    open_editor(web)
    web.page.wait_for_selector("#editor-examples:not([hidden])")
    titles = web.page.locator("#example-select option").all_inner_texts()
    assert "Partners by country and region" in titles
    web.page.select_option("#example-select", label="Partners by country and region")
    web.page.click("#example-open")
    tab = web.page.locator(".yasgui .tabsList .tab.active", has_text="Partners by country and region")
    tab.wait_for()
    web.page.wait_for_function(
        "window.extratexEditor.getTab().getQuery().includes('#+ title: Partners by country and region')"
    )
    web.page.wait_for_selector(".yasr_response_chip:has-text('6 results')")
    assert web.page.locator(".yasgui .tabsList .tab").count() == 2
    web.assert_clean()


def test_saved_question_for_a_country_table_and_csv(web: Watched, tmp_path: Path) -> None:
    web.goto("/queries")
    section = web.page.locator("section#partners")
    section.locator("select[name=country]").select_option(label="Italy")
    section.locator("button[type=submit]").click()
    web.page.wait_for_url(re.compile(r"/queries/partners\?country=italy$"))
    table = web.page.locator("main table")
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert "Next Technology Tecnotessile" in rows.first.inner_text()
    web.screenshot("saved-question-country")
    with web.page.expect_download() as info:
        web.page.locator("main a", has_text=re.compile(r"^csv$")).click()
    saved = tmp_path / "partners.csv"
    info.value.save_as(saved)
    answer = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [row["name"] for row in answer] == ["Next Technology Tecnotessile"]
    assert answer[0]["countryName"] == "Italy"
    web.assert_clean()


def test_saved_question_chart(web: Watched) -> None:
    web.goto("/queries/cluster-size")
    measures = web.page.locator("select[name=measure] option").all_text_contents()
    wanted = next(m for m in measures if "member companies" in m.lower())
    web.page.locator("select[name=measure]").select_option(label=wanted)
    web.page.locator("main form button[type=submit]").click()
    web.page.wait_for_url(re.compile(r"/queries/cluster-size\?measure="))
    chart = web.page.locator("main figure.chart svg")
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    assert web.page.locator("main table tbody tr").count() >= 1
    web.screenshot("saved-question-chart")
    web.assert_clean()


def test_result_links_to_resource_page_and_its_quote(web: Watched) -> None:
    open_editor(web)
    run_query(web)  # the query the page starts with: the partners and their countries
    web.page.locator(f"{ROWS} a.iri", has_text="organisation:ntt").first.click()
    web.page.wait_for_url(web.url("/id/organisation/ntt"))
    assert web.page.locator("h1").inner_text() == "Next Technology Tecnotessile"
    citation = web.page.locator("figure.citation").first
    quoted = citation.locator("blockquote").inner_text().strip().strip("“”")
    citation.locator("cite a").click()
    web.page.wait_for_url(re.compile(r"/id/source/extratex-partnership"))
    marked = " ".join(web.page.locator("mark").all_inner_texts())
    assert quoted in marked or marked in quoted, (quoted, marked)
    assert web.page.locator("mark").first.is_visible()
    web.screenshot("source-quote")
    web.assert_clean()


def test_search_box_in_the_header_finds_resources_by_label(web: Watched) -> None:
    web.goto("/dumps/")
    web.page.fill("header input[type=search]", "clutex")
    web.page.keyboard.press("Enter")
    web.page.wait_for_url(re.compile(r"/search\?q=clutex$"))
    assert web.page.locator("header input[type=search]").input_value() == "clutex"
    web.page.locator("main a", has_text=re.compile(r"^CLUTEX$")).click()
    web.page.wait_for_url(web.url("/id/organisation/clutex"))
    assert web.page.locator("h1").inner_text() == "CLUTEX"
    web.assert_clean()


def test_keyboard_skip_link_and_visible_focus(web: Watched) -> None:
    web.goto("/queries")
    page = web.page
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert focused == ["skip-link", "Skip to main content"]
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link shows when it has the focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused element shows a focus ring"
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Saved questions"
    web.assert_clean()


def test_keyboard_reaches_and_leaves_the_editor(web: Watched) -> None:
    open_editor(web)
    page = web.page
    page.click(".yasqe .CodeMirror-code")
    focused = "document.activeElement.getAttribute('aria-label') || document.activeElement.tagName"
    assert page.evaluate(focused) == "TEXTAREA"  # CodeMirror's input: Tab indents here
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Share query", "Esc, then Tab, leaves the text"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Run query"
    page.keyboard.press("Enter")
    page.wait_for_selector(ROWS)
    web.assert_clean()


@pytest.mark.parametrize(("name", "path"), MAIN_PAGES, ids=[n for n, _ in MAIN_PAGES])
def test_main_pages_desktop_and_phone(web: Watched, phone: Watched, name: str, path: str) -> None:
    for watched, size in ((web, "desktop"), (phone, "phone")):
        watched.goto(path)
        page = watched.page
        page.wait_for_load_state("networkidle")
        title = page.title()
        assert title == SITE or title.endswith(" · " + SITE), title
        assert page.locator("h1").count() == 1
        assert page.locator("a.skip-link[href='#main']").count() == 1
        assert page.locator("main#main").count() == 1
        assert page.locator("header form[role=search][action='/search'] input[name=q]").count() == 1
        header = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert header == "rgb(20, 50, 90)", "the site's stylesheet is applied"
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{path} is {wide}px wider than the {size} screen"
        watched.screenshot(f"{name}-{size}")
        watched.assert_clean()
