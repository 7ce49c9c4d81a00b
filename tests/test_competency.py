"""Competency questions, answered by SPARQL on the built graph, checked against the document."""

from __future__ import annotations

import pyoxigraph as ox

from .conftest import select

ORG = "https://w3id.org/extratex/id/organisation/"
DOC = "https://w3id.org/extratex/def/DocumentClaim"
REF = "https://w3id.org/extratex/def/ReferenceClaim"


def test_partnership_has_the_six_partners(store: ox.Store) -> None:
    rows = select(store, "SELECT ?p WHERE { partnership:extratex org:hasMember ?p }")
    assert {r["p"].removeprefix(ORG) for r in rows} == {"ntt", "fomentex", "clutex", "aecim", "spc", "eu-vri"}


def test_partners_the_document_places_in_less_developed_regions(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?name WHERE {
             partnership:extratex org:hasMember ?partner . ?partner rdfs:label ?name .
             GRAPH ?located { ?partner ext:locatedIn ?place } ?located a ext:DocumentClaim .
             ?place schema:containedInPlace* ?country .
             GRAPH ?stated { ?country ext:statedDevelopmentCategory cohesion:less-developed }
             ?stated a ext:DocumentClaim .
           } ORDER BY ?name""",
    )
    assert [r["name"] for r in rows] == ["CLUTEX", "Slovak Plastic Cluster"]


def test_legal_cohesion_category_is_a_separate_reference_fact(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?name ?code ?category ?basis ?kind WHERE {
             partnership:extratex org:hasMember ?partner . ?partner rdfs:label ?name ; ext:locatedIn ?place .
             ?place schema:containedInPlace* ?region . ?region ext:nutsCode ?code ; ext:nutsLevel 2 .
             GRAPH ?g { ?c ext:classifiedRegion ?region ; ext:category ?category ; ext:legalBasis ?basis ;
                           ext:startYear "2021"^^xsd:gYear ; ext:endYear "2027"^^xsd:gYear }
             ?g a ?kind .
           } ORDER BY ?name""",
    )
    got = {(r["name"], r["code"], r["category"].rsplit("/", 1)[1]) for r in rows}
    assert ("CLUTEX", "CZ05", "less-developed") in got
    assert ("Slovak Plastic Cluster", "SK02", "less-developed") in got
    assert ("FOMENTEX", "ES52", "transition") in got
    assert ("AECIM", "ES30", "more-developed") in got
    assert {r["kind"] for r in rows} == {REF}
    assert {r["basis"] for r in rows} == {"http://data.europa.eu/eli/dec_impl/2021/1130/oj"}


def test_iso_9001_holders_and_editions(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?org ?edition WHERE {
             ?org ext:hasCertification ?c . ?c ext:standard standard:iso-9001 .
             OPTIONAL { ?c ext:edition/rdfs:label ?edition }
           }""",
    )
    assert {(r["org"].removeprefix(ORG), r.get("edition")) for r in rows} == {
        ("ntt", "ISO 9001:2000"),
        ("aecim", None),
    }


def test_cosme_projects_and_who_took_part(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?project ?agent ?role ?through ?kind WHERE {
             GRAPH ?g { ?p ext:fundingProgramme programme:cosme } ?g a ?kind .
             ?p rdfs:label ?project ; prov:qualifiedAssociation ?a .
             ?a prov:agent ?agent ; prov:hadRole ?role ; ext:through ?through .
           }""",
    )
    by_document = {r["project"] for r in rows if r["kind"] == DOC}
    assert by_document == {"CLUSTEM", "TEX4IM", "ALLIANCE"}
    assert {r["project"] for r in rows if r["kind"] == REF} == {"EXTRATEX"}
    assert {(r["agent"].removeprefix(ORG), r["through"].removeprefix(ORG)) for r in rows} == {("ntt", "tfc")}
    actions = select(store, "SELECT ?p ?a WHERE { ?p ext:fundingAction ?a }")
    assert {(r["p"].rsplit("/", 1)[1], r["a"].rsplit("/", 1)[1]) for r in actions} == {
        ("tex4im", "escp-s3"),
        ("alliance", "escp-4i"),
        ("extratex", "escp-4x"),
    }


def test_member_counts_per_cluster_with_approximation(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?org ?value ?approximate ?stated WHERE {
             GRAPH ?g { ?org ext:hasFigure ?f . ?f ext:measure ?m ; schema:value ?value ;
                        ext:approximate ?approximate ; ext:statedAs ?stated }
             ?g a ext:DocumentClaim . FILTER (?m IN (measure:members, measure:member-companies))
           }""",
    )
    got = {(r["org"].removeprefix(ORG), int(r["value"]), r["approximate"]) for r in rows}
    assert got == {
        ("tfc", 480, "true"),
        ("clutex", 36, "false"),
        ("spc", 41, "false"),
        ("eu-vri", 50, "true"),
    }


def test_other_counts_the_document_gives(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?org ?measure ?value WHERE {
             GRAPH ?g { ?org ext:hasFigure ?f . ?f ext:measure ?measure ; schema:value ?value }
             ?g a ext:DocumentClaim }""",
    )
    got = {(r["org"].rsplit("/", 1)[1], r["measure"].rsplit("/", 1)[1], float(r["value"])) for r in rows}
    expected = {
        ("ntt", "capital-partners", 35),
        ("ntt", "client-companies", 200),
        ("aecim", "employees", 30),
        ("aecim", "share-of-members-under-100-employees", 95),
        ("spc", "staff", 5),
        ("spc", "companies-in-database", 450),
        ("spc", "projects", 2),
        ("mca", "main-manufacturers", 3),
        ("extratex", "clusters", 6),
        ("clutex", "years-of-existence", 20),
    }
    assert expected <= got


def test_relative_durations_stay_as_stated(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?stated ?qualifier WHERE { organisation:clutex ext:hasFigure ?f .
             ?f ext:measure measure:years-of-existence ; ext:statedAs ?stated ; ext:qualifier ?qualifier }""",
    )
    assert [(r["stated"], r["qualifier"].rsplit("/", 1)[1]) for r in rows] == [
        ("nearly 20 years", "approximately")
    ]
    founding = select(
        store,
        """SELECT ?date WHERE { GRAPH ?g { organisation:clutex schema:foundingDate ?date }
             ?g a ext:DocumentClaim }""",
    )
    assert founding == [], "the document gives no founding date for CLUTEX, only 'nearly 20 years'"


def test_spc_holds_bronze_and_aims_for_silver(store: ox.Store) -> None:
    held = select(store, "SELECT ?l WHERE { organisation:spc ext:holdsLabel ?l }")
    aimed = select(store, "SELECT ?l WHERE { organisation:spc ext:aimsForLabel ?l }")
    assert [r["l"].rsplit("/", 1)[1] for r in held] == ["esca-bronze"]
    assert [r["l"].rsplit("/", 1)[1] for r in aimed] == ["esca-silver"]


def test_who_founded_madrid_cluster_de_automocion_and_when(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?founder ?name ?date ?with WHERE {
             GRAPH ?g { organisation:mca schema:founder ?founder } ?g a ext:DocumentClaim .
             ?founder rdfs:label ?name .
             organisation:mca schema:foundingDate ?date ; ext:foundedInCollaborationWith ?with .
           }""",
    )
    assert rows == [
        {
            "founder": ORG + "ministry-of-economy-and-technological-innovation-madrid",
            "name": "Ministry of Economy and Technological Innovation of the Community of Madrid",
            "date": "2007-04",
            "with": ORG + "aecim",
        }
    ]
    datatype = select(store, "SELECT (DATATYPE(?d) AS ?t) WHERE { organisation:mca schema:foundingDate ?d }")
    assert datatype == [{"t": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]


def test_which_sentence_says_clutex_has_36_companies(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?sentence ?exact ?start ?end ?source WHERE {
             GRAPH ?claim { organisation:clutex ext:hasFigure ?f . ?f schema:value ?n }
             FILTER (?n = 36)
             ?claim ext:quote ?q . ?q ext:sentence ?sentence ; oa:hasSource ?source ;
                oa:hasSelector ?t, ?p . ?t oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
           }""",
    )
    assert rows == [
        {
            "sentence": "CLUTEX brings together a total of 36 companies.",
            "exact": "CLUTEX brings together a total of 36 companies.",
            "start": "4204",
            "end": "4251",
            "source": "https://w3id.org/extratex/id/source/extratex-partnership",
        }
    ]


def test_conflicting_sources_are_kept_apart(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?date ?kind WHERE { GRAPH ?g { organisation:spc schema:foundingDate ?date } ?g a ?kind }""",
    )
    assert {(r["date"], r["kind"]) for r in rows} == {("2009-03-23", DOC), ("2009-03-13", REF)}


def test_believed_reference_facts_are_flagged(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?confidence (COUNT(?g) AS ?n) WHERE { ?g a ext:ReferenceClaim ; ext:confidence ?confidence }
           GROUP BY ?confidence""",
    )
    got = {r["confidence"].rsplit("/", 1)[1]: int(r["n"]) for r in rows}
    assert set(got) == {"verified-from-source", "believed"}
    nace = select(
        store,
        """SELECT ?confidence WHERE { GRAPH ?g { sector:textile ?match ?code }
             FILTER (STRSTARTS(STR(?code), "http://data.europa.eu/ux2/nace2/"))
             ?g ext:confidence ?confidence }""",
    )
    assert nace and {r["confidence"].rsplit("/", 1)[1] for r in nace} == {"believed"}


def test_every_document_claim_has_a_verified_quote(store: ox.Store) -> None:
    unquoted = select(
        store,
        """SELECT ?claim WHERE { ?claim a ext:DocumentClaim . FILTER NOT EXISTS {
             ?claim ext:quote/oa:hasSelector/oa:exact ?exact } }""",
    )
    assert unquoted == []
    outside = select(
        store,
        """SELECT ?s WHERE { GRAPH <https://w3id.org/extratex/id/graph/provenance> {
             ?s a ext:DocumentClaim } FILTER NOT EXISTS { GRAPH ?s { ?a ?b ?c } } }""",
    )
    assert outside == [], "every claim names a non-empty graph"
