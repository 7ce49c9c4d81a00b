"""The ontology, the namespaces module, the vocabulary and the docs, kept in step."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from extratex_kg.namespaces import EXT, PREFIXES

from .conftest import ROOT

NS = "https://w3id.org/extratex/def/"
ALIGNMENT = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.exactMatch,
    SKOS.relatedMatch,
    SKOS.narrowMatch,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "extratex.ttl", format="turtle")


def own_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {
        s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef) and s.startswith(NS)
    }


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef(NS)
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in ("versionIRI", "versionInfo"):
        assert ontology.value(header, OWL[predicate]) is not None, predicate
    dcterms = "http://purl.org/dc/terms/"
    for predicate in ("license", "description", "title"):
        assert ontology.value(header, URIRef(dcterms + predicate)) is not None, predicate


def test_every_term_is_labelled_defined_and_aligned(ontology: Graph) -> None:
    terms = own_terms(ontology)
    assert len(terms) > 80
    for term in sorted(terms):
        labels = [o for o in ontology.objects(term, RDFS.label) if getattr(o, "language", None) == "en"]
        assert len(labels) == 1, f"{term} needs one English label"
        definitions = [
            o for o in ontology.objects(term, SKOS.definition) if getattr(o, "language", None) == "en"
        ]
        assert len(definitions) == 1, f"{term} needs one English definition"
        assert (term, RDFS.isDefinedBy, URIRef(NS)) in ontology, term
        targets = [o for p in ALIGNMENT for o in ontology.objects(term, p)]
        assert any(not str(o).startswith(NS) for o in targets), f"{term} is not aligned to a standard term"


def test_namespace_module_matches_the_ontology_both_ways(ontology: Graph) -> None:
    in_ontology = {str(t)[len(NS) :] for t in own_terms(ontology)}
    in_module = set(EXT.__annotations__)
    assert in_module == in_ontology
    for name in sorted(in_ontology):
        assert EXT[name] == URIRef(NS + name)
    with pytest.raises(AttributeError):
        _ = EXT.NoSuchTerm


def test_prefixes_module_matches_the_prefix_block() -> None:
    text = (ROOT / "data" / "prefixes.ttl").read_text(encoding="utf-8")
    declared = dict(re.findall(r"@prefix ([\w-]*): <([^>]+)>", text))
    assert declared == PREFIXES


def test_every_term_used_in_data_and_docs_is_defined(ontology: Graph) -> None:
    defined = {str(t)[len(NS) :] for t in own_terms(ontology)}
    files = [*sorted((ROOT / "data").rglob("*.trig")), ROOT / "docs" / "data-model.md"]
    for path in files:
        used = set(re.findall(r"\bext:([A-Za-z][A-Za-z0-9]*)", path.read_text(encoding="utf-8")))
        assert used <= defined, f"{path.name} uses undefined terms {sorted(used - defined)}"


def test_every_term_is_documented(ontology: Graph) -> None:
    documented = set(
        re.findall(r"\bext:([A-Za-z][A-Za-z0-9]*)", (ROOT / "docs" / "data-model.md").read_text())
    )
    missing = {str(t)[len(NS) :] for t in own_terms(ontology)} - documented
    assert not missing, f"docs/data-model.md does not mention {sorted(missing)}"


def test_sectors_form_a_skos_scheme_mapped_to_nace(store) -> None:  # type: ignore[no-untyped-def]
    from .conftest import select

    rows = select(
        store,
        """SELECT ?sector ?nace WHERE { ?sector a ext:Sector ; skos:inScheme ?scheme .
             OPTIONAL { ?sector ?match ?nace
                        FILTER (STRSTARTS(STR(?nace), "http://data.europa.eu/ux2/nace2/")) } }""",
    )
    mapped = {
        r["sector"].rsplit("/", 1)[1]: r.get("nace", "").rsplit("/", 1)[-1] for r in rows if r.get("nace")
    }
    assert mapped["textile"] == "13"
    assert mapped["technical-textiles"] == "1396"
    assert mapped["plastics"] == "222"
    assert "safety-and-security" not in mapped, "safety & security in industry has no NACE code"
