"""The SHACL shapes: in step with the ontology, each node shape proven by an ok and a bad example,
every SHACL-SPARQL rule caught in the act, and the shipped data conforming.

Each node shape ``ext-shape:<Name>Shape`` has ``tests/fixtures/shapes/<Name>-ok.ttl`` (conforms to
every shape) and ``<Name>-bad.ttl`` (one thing broken); ``BAD`` says which of the shape's property
shapes must fire on the bad example, with which constraint component.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from extratex_kg.build import check_project
from extratex_kg.config import Settings
from extratex_kg.namespaces import (
    CERTIFICATION,
    COUNTRY,
    EUC,
    EXT,
    ID,
    LABEL,
    NUTS,
    OA,
    ONTOLOGY,
    ORG,
    ORGANISATION,
    QUALIFIER,
    QUOTE,
    REGION,
    SCHEMA,
    STANDARD,
)
from extratex_kg.validate import Report, load_shapes, validate_graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SHAPE_NS = "https://w3id.org/extratex/def/shapes/"
EXT_NS = str(ONTOLOGY)

# fixture name (= node shape ext-shape:<name>Shape) -> (the shape that must fire on <name>-bad.ttl,
# the constraint component it must fire with)
BAD: dict[str, tuple[str, str]] = {
    "Association": ("Association-label", "LanguageIn"),
    "Award": ("Award-awardYear", "Datatype"),
    "Certification": ("Certification-standard", "MinCount"),
    "Claim": ("Claim-wasDerivedFrom", "QualifiedMinCount"),
    "Cluster": ("Cluster-label", "UniqueLang"),
    "ClusterManagementLabel": ("ClusterManagementLabel-awardedBy", "Or"),
    "ClusterOrganisation": ("ClusterOrganisation-label", "LanguageIn"),
    "CohesionCategory": ("CohesionCategory-prefLabel", "MinCount"),
    "CohesionClassification": ("CohesionClassification-category", "MinCount"),
    "Company": ("Company-label", "MinCount"),
    "Confidence": ("Confidence-inScheme", "MinCount"),
    "Country": ("Country-iso3166Alpha2", "Pattern"),
    "DocumentClaim": ("DocumentClaim-quote", "MinCount"),
    "EEIG": ("EEIG-label", "LanguageIn"),
    "Figure": ("Figure-value", "MinInclusive"),
    "Foundation": ("Foundation-label", "MinCount"),
    "FundingAction": ("FundingAction-partOfProgramme", "Class"),
    "FundingProgramme": ("FundingProgramme-label", "MinCount"),
    "GeographicScope": ("GeographicScope-definition", "LanguageIn"),
    "InstanceIri": ("InstanceIriShape", "Or"),
    "Measure": ("Measure-broader", "Class"),
    "MemberKind": ("MemberKind-prefLabel", "UniqueLang"),
    "Organisation": ("Organisation-foundingDate", "Or"),
    "Participation": ("Participation-agent", "MinCount"),
    "Partnership": ("Partnership-hasMember", "MinCount"),
    "Project": ("Project-programmeYear", "Datatype"),
    "PublicBody": ("PublicBody-label", "MinCount"),
    "Qualifier": ("Qualifier-label", "MinCount"),
    "Quote": ("Quote-start", "Datatype"),
    "ReferenceClaim": ("ReferenceClaim-confidence", "MinCount"),
    "ReferenceSource": ("ReferenceSource-format", "Pattern"),
    "Region": ("Region-nutsLevel", "MaxInclusive"),
    "ResearchCompany": ("ResearchCompany-label", "MinCount"),
    "Sector": ("Sector-inScheme", "Class"),
    "Service": ("Service-provider", "MinCount"),
    "Source": ("Source-description", "UniqueLang"),
    "SourceDocument": ("SourceDocument-identifier", "Pattern"),
    "Standard": ("Standard-label", "MinCount"),
    "StandardEdition": ("StandardEdition-editionOf", "MinCount"),
    "StandardsCommittee": ("StandardsCommittee-notation", "MaxCount"),
    "Strategy": ("Strategy-owner", "MinCount"),
    "TradeFair": ("TradeFair-label", "MinCount"),
    "University": ("University-label", "LanguageIn"),
    "VocationalSchool": ("VocationalSchool-label", "MinCount"),
}

SPARQL_RULES = {
    "LabelAimedForAndHeldRule",
    "FoundingDateInFutureRule",
    "OrganisationSelfRelationRule",
    "PeriodOrderRule",
    "CohesionRegionLevelRule",
    "FigureApproximateRule",
    "QuoteOffsetsRule",
    "NutsLevelRule",
    "NutsMatchRule",
    "NutsParentRule",
    "CountryAuthorityRule",
    "CertificationEditionRule",
}

Check = Callable[[Graph], Report]


def shape(name: str) -> URIRef:
    return URIRef(SHAPE_NS + name)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ROOT / "shapes")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "extratex.ttl", format="turtle")


@pytest.fixture(scope="module")
def check(shapes: Graph, ontology: Graph) -> Check:
    def run(data: Graph) -> Report:
        return validate_graph(data, shapes, ontology)

    return run


def fixture(name: str, kind: str) -> Graph:
    return Graph().parse(FIXTURES / f"{name}-{kind}.ttl", format="turtle")


def fired(report: Report) -> set[tuple[Node | None, Node | None]]:
    """(sh:sourceShape, sh:sourceConstraintComponent) of every result."""
    results = report.results
    return {
        (results.value(r, SH.sourceShape), results.value(r, SH.sourceConstraintComponent))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }


def rule_results(report: Report, rule: str) -> list[dict[str, Node | None]]:
    """The results of one SHACL-SPARQL constraint: focus, path, value and message of each."""
    results = report.results
    return [
        {
            "focus": results.value(r, SH.focusNode),
            "path": results.value(r, SH.resultPath),
            "value": results.value(r, SH.value),
            "message": results.value(r, SH.resultMessage),
            "component": results.value(r, SH.sourceConstraintComponent),
        }
        for r in results.subjects(SH.sourceConstraint, shape(rule))
    ]


def assert_rule_fires(report: Report, rule: str, focus: URIRef) -> dict[str, Node | None]:
    found = [r for r in rule_results(report, rule) if r["focus"] == focus]
    assert len(found) == 1, report.to_text()
    [result] = found
    assert result["component"] == SH.SPARQLConstraintComponent
    assert str(focus) in str(result["message"]), "the message names the node"
    return result


def set_value(graph: Graph, subject: URIRef, predicate: URIRef, value: Node) -> Graph:
    graph.set((subject, predicate, value))
    return graph


# ---------------------------------------------------------------------------------------------
# The shapes and the ontology stay in step
# ---------------------------------------------------------------------------------------------


def ontology_classes(ontology: Graph) -> set[URIRef]:
    return {
        c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(EXT_NS)
    }


def targeted_node_shapes(shapes: Graph) -> set[URIRef]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {
        s
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef) and any(shapes.value(s, t) is not None for t in targets)
    }


def test_every_ontology_class_has_its_shape(shapes: Graph, ontology: Graph) -> None:
    classes = ontology_classes(ontology)
    assert len(classes) >= 40
    missing = sorted(
        c.removeprefix(EXT_NS)
        for c in classes
        if (shape(c.removeprefix(EXT_NS) + "Shape"), SH.targetClass, c) not in shapes
        or (shape(c.removeprefix(EXT_NS) + "Shape"), RDF.type, SH.NodeShape) not in shapes
    )
    assert not missing, f"classes without an ext-shape:<Class>Shape targeting them: {missing}"


def test_every_shape_targets_a_class_that_exists(shapes: Graph, ontology: Graph) -> None:
    classes = ontology_classes(ontology)
    external = {o for o in ontology.objects(None, RDFS.subClassOf) if not str(o).startswith(EXT_NS)}
    for node_shape, target in shapes.subject_objects(SH.targetClass):
        if str(target).startswith(EXT_NS):
            assert target in classes, f"{node_shape} targets {target}, which the ontology does not define"
            assert node_shape == shape(str(target).removeprefix(EXT_NS) + "Shape"), node_shape
        else:
            assert target in external, f"{node_shape} targets {target}, which the ontology never refines"
    named = {s.removeprefix(SHAPE_NS) for s in targeted_node_shapes(shapes)}
    stale = {n for n in named if n.endswith("Shape")} - {c.removeprefix(EXT_NS) + "Shape" for c in classes}
    assert stale == {"OrganisationShape", "InstanceIriShape"}, f"shapes of missing classes: {stale}"


def test_every_node_shape_has_an_ok_and_a_bad_fixture(shapes: Graph) -> None:
    assert {s.removeprefix(SHAPE_NS) for s in targeted_node_shapes(shapes)} == {f"{n}Shape" for n in BAD}
    on_disk = {p.name for p in FIXTURES.glob("*.ttl")}
    assert on_disk == {f"{n}-{kind}.ttl" for n in BAD for kind in ("ok", "bad")}


def test_shapes_are_written_for_people(shapes: Graph) -> None:
    for node_shape in targeted_node_shapes(shapes):
        assert shapes.value(node_shape, RDFS.label) is not None, node_shape
        assert shapes.value(node_shape, SH.severity) == SH.Violation, node_shape
        for prop in shapes.objects(node_shape, SH.property):
            assert isinstance(prop, URIRef), f"{node_shape}: name its property shapes"
            assert prop.removeprefix(SHAPE_NS).startswith(node_shape.removeprefix(SHAPE_NS)[:-5] + "-"), prop
            for predicate in (SH.path, SH.name, SH.message, SH.severity):
                assert shapes.value(prop, predicate) is not None, f"{prop} lacks {predicate}"
            assert shapes.value(prop, SH.severity) in (SH.Violation, SH.Warning), prop
            [message] = shapes.objects(prop, SH.message)
            assert isinstance(message, Literal) and message.language == "en", prop
            assert message.endswith("."), prop


def test_sparql_rules_declare_their_prefixes_and_name_the_node(shapes: Graph) -> None:
    rules = set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    assert {r.removeprefix(SHAPE_NS) for r in rules if isinstance(r, URIRef)} == SPARQL_RULES
    declared = {str(p) for p in shapes.objects(None, SH.prefix)}
    for rule in rules:
        assert "{$this}" in str(shapes.value(rule, SH.message)), rule
        assert (shape(""), RDF.type, OWL.Ontology) in shapes
        assert shapes.value(rule, SH.prefixes) == shape("")
        query = str(shapes.value(rule, SH.select))
        assert "$this" in query and "VALUES" not in query, rule
        used = set(re.findall(r"(?<![\w?$<\"])([a-z][\w-]*):[A-Za-z]", query))
        assert used <= declared, f"{rule} uses undeclared prefixes {used - declared}"
        assert any(shapes.subjects(SH.sparql, rule)), f"{rule} is attached to no shape"


def test_shapes_graph_conforms_to_shacl_shacl(shapes: Graph) -> None:
    from pyshacl import validate

    conforms, _, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


# ---------------------------------------------------------------------------------------------
# Every node shape: its ok example conforms, its bad example fails on it
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD))
def test_ok_fixture_conforms(name: str, check: Check) -> None:
    report = check(fixture(name, "ok"))
    assert report.conforms and not report.violations, report.to_text()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_fixture_fails_on_its_shape(name: str, shapes: Graph, check: Check) -> None:
    report = check(fixture(name, "bad"))
    assert not report.conforms
    expected, component = BAD[name]
    node_shape = shape(f"{name}Shape")
    assert expected == f"{name}Shape" or (node_shape, SH.property, shape(expected)) in shapes
    assert (shape(expected), SH[f"{component}ConstraintComponent"]) in fired(report), report.to_text()
    res = report.results
    said = {str(res.value(r, SH.resultMessage)) for r in res.subjects(SH.sourceShape, shape(expected))}
    assert said == {str(shapes.value(shape(expected), SH.message))}, "the shape's own words reach the person"


# ---------------------------------------------------------------------------------------------
# The SHACL-SPARQL rules, one test each
# ---------------------------------------------------------------------------------------------


def test_label_aimed_for_is_not_also_held(check: Check) -> None:
    data = fixture("ClusterManagementLabel", "ok")
    esca, bronze = ORGANISATION.esca, LABEL["esca-bronze"]
    data.add((esca, EXT.aimsForLabel, bronze))
    assert check(data).conforms
    data.add((esca, EXT.holdsLabel, bronze))
    result = assert_rule_fires(check(data), "LabelAimedForAndHeldRule", esca)
    assert result["value"] == bronze


@pytest.mark.parametrize(
    ("lexical", "datatype"),
    [("{year}", XSD.gYear), ("{year}-01", XSD.gYearMonth), ("{year}-01-01", XSD.date)],
    ids=["gYear", "gYearMonth", "date"],
)
def test_founding_date_is_not_in_the_future(lexical: str, datatype: URIRef, check: Check) -> None:
    this_year = datetime.date.today().year
    data = fixture("Organisation", "ok")
    esca = ORGANISATION.esca
    set_value(data, esca, SCHEMA.foundingDate, Literal(lexical.format(year=this_year), datatype=datatype))
    assert not rule_results(check(data), "FoundingDateInFutureRule")
    set_value(data, esca, SCHEMA.foundingDate, Literal(lexical.format(year=this_year + 1), datatype=datatype))
    assert_rule_fires(check(data), "FoundingDateInFutureRule", esca)


@pytest.mark.parametrize(
    "predicate",
    [EXT.managedBy, ORG.hasMember, ORG.memberOf, EXT.cooperatesWith, EXT.shareholder, SCHEMA.founder],
    ids=lambda p: str(p).rsplit("/", 1)[-1].rsplit("#", 1)[-1],
)
def test_organisation_is_not_related_to_itself(predicate: URIRef, check: Check) -> None:
    data = fixture("Organisation", "ok")
    esca = ORGANISATION.esca
    data.add((esca, predicate, esca))
    result = assert_rule_fires(check(data), "OrganisationSelfRelationRule", esca)
    assert result["path"] == predicate
    assert result["value"] == esca


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("Strategy", ID["strategy/spc-2019-2025"]),
        ("Award", ID["award/clutex-project-of-the-year-2006"]),
        ("Project", ID["project/extratex"]),
        ("CohesionClassification", ID["classification/tuscany-2021-2027"]),
    ],
)
def test_period_does_not_end_before_it_starts(name: str, subject: URIRef, check: Check) -> None:
    data = fixture(name, "ok")
    set_value(data, subject, EXT.startYear, Literal("2021", datatype=XSD.gYear))
    set_value(data, subject, EXT.endYear, Literal("2021", datatype=XSD.gYear))
    assert not rule_results(check(data), "PeriodOrderRule"), "a one-year period is fine"
    set_value(data, subject, EXT.endYear, Literal("2020", datatype=XSD.gYear))
    result = assert_rule_fires(check(data), "PeriodOrderRule", subject)
    assert result["value"] == Literal("2020", datatype=XSD.gYear)


def test_cohesion_classification_is_of_a_nuts2_region(check: Check) -> None:
    data = fixture("CohesionClassification", "ok")
    classification, tuscany = ID["classification/tuscany-2021-2027"], REGION.tuscany
    set_value(data, tuscany, EXT.nutsLevel, Literal(1))
    set_value(data, tuscany, EXT.nutsCode, Literal("ITI"))
    data.remove((tuscany, SKOS.exactMatch, NUTS.ITI1))
    data.add((tuscany, SKOS.exactMatch, NUTS.ITI))
    report = check(data)
    assert set(fired(report)) == {(shape("CohesionClassificationShape"), SH.SPARQLConstraintComponent)}
    result = assert_rule_fires(report, "CohesionRegionLevelRule", classification)
    assert result["value"] == tuscany
    data.remove((tuscany, EXT.nutsLevel, None))
    assert_rule_fires(check(data), "CohesionRegionLevelRule", classification)


@pytest.mark.parametrize(
    ("qualifier", "approximate"),
    [(QUALIFIER.approximately, False), (QUALIFIER.exact, True)],
    ids=["approximately-but-false", "exact-but-true"],
)
def test_figure_is_approximate_exactly_when_its_qualifier_says_so(
    qualifier: URIRef, approximate: bool, check: Check
) -> None:
    data = fixture("Figure", "ok")
    data.parse(FIXTURES / "Qualifier-ok.ttl", format="turtle")  # adds qualifier:exact
    figure = ID["figure/tfc-member-companies"]
    set_value(data, figure, EXT.qualifier, qualifier)
    set_value(data, figure, EXT.approximate, Literal(approximate))
    result = assert_rule_fires(check(data), "FigureApproximateRule", figure)
    assert result["value"] == Literal(approximate)
    set_value(data, figure, EXT.approximate, Literal(not approximate))
    assert check(data).conforms


@pytest.mark.parametrize(("start", "end"), [(371, 352), (352, 352)], ids=["reversed", "empty"])
def test_quote_starts_before_it_ends(start: int, end: int, check: Check) -> None:
    data = fixture("Quote", "ok")
    quote = QUOTE["ntt-established"]
    position = URIRef(f"{quote}#position")
    set_value(data, position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
    set_value(data, position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
    result = assert_rule_fires(check(data), "QuoteOffsetsRule", quote)
    assert result["value"] == Literal(end, datatype=XSD.nonNegativeInteger)


def test_nuts_code_length_agrees_with_level(check: Check) -> None:
    data = fixture("Region", "ok")
    set_value(data, REGION.tuscany, EXT.nutsLevel, Literal(3))
    result = assert_rule_fires(check(data), "NutsLevelRule", REGION.tuscany)
    assert result["value"] == Literal("ITI1")


def test_region_matches_its_nuts_code_iri(check: Check) -> None:
    data = fixture("Region", "ok")
    tuscany = REGION.tuscany
    data.remove((tuscany, SKOS.exactMatch, NUTS.ITI1))
    result = assert_rule_fires(check(data), "NutsMatchRule", tuscany)
    assert "ITI1" in str(result["message"])
    data.add((tuscany, SKOS.exactMatch, NUTS.ITI2))
    results = rule_results(check(data), "NutsMatchRule")
    assert {r["value"] for r in results} == {Literal("no NUTS code IRI"), NUTS.ITI2}
    data.add((tuscany, SKOS.exactMatch, NUTS.ITI1))
    assert [r["value"] for r in rule_results(check(data), "NutsMatchRule")] == [NUTS.ITI2]


def test_region_without_parent_is_only_a_warning(check: Check) -> None:
    data = fixture("Region", "ok")
    data.remove((REGION.tuscany, SCHEMA.containedInPlace, None))
    report = check(data)
    assert report.conforms, "advisory checks do not fail the build"
    [warning] = report.violations
    assert (warning.severity, warning.constraint) == ("Warning", "MinCountConstraintComponent")
    assert fired(report) == {(shape("Region-parent"), SH.MinCountConstraintComponent)}


def test_nuts_region_lies_inside_its_nuts_parent(check: Check) -> None:
    data = fixture("Region", "ok")
    prato = REGION.prato
    for predicate, value in (
        (RDF.type, EXT.Region),
        (RDFS.label, Literal("Prato", lang="en")),
        (EXT.nutsCode, Literal("ITI15")),
        (EXT.nutsLevel, Literal(3)),
        (SKOS.exactMatch, NUTS.ITI15),
        (SCHEMA.containedInPlace, REGION.tuscany),
    ):
        data.add((prato, predicate, value))
    assert check(data).conforms
    set_value(data, prato, EXT.nutsCode, Literal("ES300"))
    set_value(data, prato, SKOS.exactMatch, NUTS.ES300)
    result = assert_rule_fires(check(data), "NutsParentRule", prato)
    assert result["value"] == REGION.tuscany


def test_country_authority_iri_ends_in_its_alpha3_code(check: Check) -> None:
    data = fixture("Country", "ok")
    italy = COUNTRY.italy
    data.remove((italy, SKOS.exactMatch, EUC.ITA))
    data.add((italy, SKOS.exactMatch, EUC.ESP))
    result = assert_rule_fires(check(data), "CountryAuthorityRule", italy)
    assert result["value"] == EUC.ESP


def test_certification_edition_is_an_edition_of_its_standard(check: Check) -> None:
    data = fixture("Certification", "ok")
    certification, iso_14001 = CERTIFICATION["ntt-iso-9001"], STANDARD["iso-14001"]
    data.add((iso_14001, RDF.type, EXT.Standard))
    data.add((iso_14001, RDFS.label, Literal("ISO 14001", lang="en")))
    set_value(data, certification, EXT.standard, iso_14001)
    result = assert_rule_fires(check(data), "CertificationEditionRule", certification)
    assert result["value"] == STANDARD["iso-9001-2000"]


@pytest.mark.parametrize(
    ("iri", "well_formed"),
    [
        ("https://w3id.org/extratex/id/event/a-plus-a", True),
        ("https://w3id.org/extratex/id/event/iso-9001-2000", True),
        ("https://w3id.org/extratex/id/quote/ntt-established#text", True),
        ("https://w3id.org/extratex/id/quote/ntt-established-2#position", True),
        ("https://example.org/Any_Other/IRI", True),
        ("https://w3id.org/extratex/id/event/A-plus-A", False),
        ("https://w3id.org/extratex/id/event/a_plus_a", False),
        ("https://w3id.org/extratex/id/event/a.plus.a", False),
        ("https://w3id.org/extratex/id/event/fairs/a-plus-a", False),
        ("https://w3id.org/extratex/id/Event/a-plus-a", False),
        ("https://w3id.org/extratex/id/event/a-plus-a#text", False),
        ("https://w3id.org/extratex/id/quote/ntt-established#other", False),
        ("https://w3id.org/extratex/id/event/", False),
    ],
)
def test_instance_iris_are_kind_and_slug(iri: str, well_formed: bool, check: Check) -> None:
    node = URIRef(iri)
    data = Graph()
    data.add((node, RDF.type, EXT.TradeFair))
    data.add((node, RDFS.label, Literal("A+A", lang="en")))
    report = check(data)
    assert report.conforms is well_formed, report.to_text()
    if not well_formed:
        assert fired(report) == {(shape("InstanceIriShape"), SH.OrConstraintComponent)}


# ---------------------------------------------------------------------------------------------
# The shipped data
# ---------------------------------------------------------------------------------------------


def test_shipped_data_conforms() -> None:
    _, report = check_project(Settings(project_dir=ROOT))
    violations = [v for v in report.violations if v.severity == "Violation"]
    assert not violations, report.to_text()
