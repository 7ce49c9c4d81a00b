# ruff: noqa: N815  (the EXT attributes are the ontology's camelCase property names)
"""Namespaces and prefixes of the EXTRATEX knowledge graph.

``EXT`` is the closed namespace of the ontology (``ontology/extratex.ttl``): it holds exactly the
terms the ontology defines, and an unknown term raises ``AttributeError``. The instance
namespaces (``ORGANISATION``, ``SECTOR`` ...) sit under ``ID`` (``<BASE>id/``), one per kind of
thing, as in ``docs/data-model.md``. ``PREFIXES`` is the prefix block of ``data/prefixes.ttl``.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "ACTION",
    "AWARD",
    "BASE",
    "CERTIFICATION",
    "CLAIM",
    "CLASSIFICATION",
    "COHESION",
    "CONFIDENCE",
    "COUNTRY",
    "DCAT",
    "DCTERMS",
    "EUC",
    "EVENT",
    "EXT",
    "FIGURE",
    "FOAF",
    "GRAPH",
    "ID",
    "LABEL",
    "MEASURE",
    "MEMBER_KIND",
    "NACE",
    "NUTS",
    "OA",
    "ONTOLOGY",
    "ORG",
    "ORGANISATION",
    "OWL",
    "PARTICIPATION",
    "PARTNERSHIP",
    "PREFIXES",
    "PROGRAMME",
    "PROJECT",
    "PROV",
    "PROVENANCE_GRAPH",
    "QUALIFIER",
    "QUOTE",
    "RDF",
    "RDFS",
    "REGION",
    "ROLE",
    "SCHEMA",
    "SCHEME",
    "SCOPE",
    "SECTOR",
    "SERVICE",
    "SH",
    "SKOS",
    "SOURCE",
    "STANDARD",
    "STRATEGY",
    "VANN",
    "VOCABULARY_GRAPH",
    "VOID",
    "WD",
    "XSD",
    "bind_prefixes",
]

BASE = "https://w3id.org/extratex/"
"""The default base IRI of the graph."""

ONTOLOGY = URIRef(BASE + "def/")
"""The ontology IRI, which is also the ``ext:`` namespace and the name of the ontology graph."""


class EXT(DefinedNamespace):
    """The EXTRATEX ontology: every term of ``ontology/extratex.ttl``, and nothing else."""

    _NS = Namespace("https://w3id.org/extratex/def/")
    _fail = True

    # Organisations
    Partnership: URIRef
    Cluster: URIRef
    ClusterOrganisation: URIRef
    ResearchCompany: URIRef
    Foundation: URIRef
    Association: URIRef
    EEIG: URIRef
    University: URIRef
    VocationalSchool: URIRef
    PublicBody: URIRef
    Company: URIRef
    StandardsCommittee: URIRef

    # Places
    Country: URIRef
    Region: URIRef

    # Controlled vocabularies (the classes of the SKOS concepts in graph:vocabulary)
    Sector: URIRef
    ClusterManagementLabel: URIRef
    Measure: URIRef
    Qualifier: URIRef
    MemberKind: URIRef
    GeographicScope: URIRef
    CohesionCategory: URIRef
    Confidence: URIRef

    # Programmes, projects and participation
    FundingProgramme: URIRef
    FundingAction: URIRef
    Project: URIRef
    Participation: URIRef

    # Certifications, standards, awards, trade fairs, services, strategies
    Certification: URIRef
    Standard: URIRef
    StandardEdition: URIRef
    Award: URIRef
    TradeFair: URIRef
    Service: URIRef
    Strategy: URIRef

    # Figures and cohesion-policy classification
    Figure: URIRef
    CohesionClassification: URIRef

    # Claims, sources and quotes
    Claim: URIRef
    DocumentClaim: URIRef
    ReferenceClaim: URIRef
    Source: URIRef
    SourceDocument: URIRef
    ReferenceSource: URIRef
    Quote: URIRef

    # Properties of organisations
    locatedIn: URIRef
    sector: URIRef
    membersFrom: URIRef
    memberKind: URIRef
    geographicScope: URIRef
    shareholder: URIRef
    shareholderSector: URIRef
    managedBy: URIRef
    managedSince: URIRef
    promotes: URIRef
    cooperatesWith: URIRef
    foundedInCollaborationWith: URIRef
    foundingPurpose: URIRef
    nonProfit: URIRef
    holdsLabel: URIRef
    aimsForLabel: URIRef
    hasCertification: URIRef
    receivedAward: URIRef
    promotedAt: URIRef
    hasStrategy: URIRef
    hasFigure: URIRef

    # Properties of figures
    measure: URIRef
    statedAs: URIRef
    qualifier: URIRef
    approximate: URIRef

    # Properties of programmes, projects and participations
    fundingProgramme: URIRef
    fundingAction: URIRef
    programmeYear: URIRef
    partOfProgramme: URIRef
    callIdentifier: URIRef
    projectNumber: URIRef
    through: URIRef
    runsProject: URIRef

    # Properties of periods (projects, awards, services, strategies, classifications)
    startYear: URIRef
    endYear: URIRef

    # Properties of labels, certifications, standards, awards and strategies
    awardedBy: URIRef
    standard: URIRef
    edition: URIRef
    editionOf: URIRef
    awardYear: URIRef
    awardTopic: URIRef
    mainFocus: URIRef

    # Properties of places
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    nutsCode: URIRef
    nutsLevel: URIRef
    nutsVersion: URIRef
    statedDevelopmentCategory: URIRef

    # Properties of cohesion-policy classifications
    classifiedRegion: URIRef
    category: URIRef
    legalBasis: URIRef

    # Properties of claims and quotes
    quote: URIRef
    confidence: URIRef
    sourceRecord: URIRef
    sentence: URIRef
    line: URIRef


# Standard vocabularies not provided by rdflib.namespace
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

# Instances: <BASE>id/<kind>/<slug>
ID = Namespace(BASE + "id/")
PARTNERSHIP = Namespace(ID + "partnership/")
ORGANISATION = Namespace(ID + "organisation/")
COUNTRY = Namespace(ID + "country/")
REGION = Namespace(ID + "region/")
SECTOR = Namespace(ID + "sector/")
LABEL = Namespace(ID + "label/")
PROGRAMME = Namespace(ID + "programme/")
ACTION = Namespace(ID + "action/")
PROJECT = Namespace(ID + "project/")
PARTICIPATION = Namespace(ID + "participation/")
CERTIFICATION = Namespace(ID + "certification/")
STANDARD = Namespace(ID + "standard/")
AWARD = Namespace(ID + "award/")
EVENT = Namespace(ID + "event/")
SERVICE = Namespace(ID + "service/")
STRATEGY = Namespace(ID + "strategy/")
FIGURE = Namespace(ID + "figure/")
CLASSIFICATION = Namespace(ID + "classification/")
CLAIM = Namespace(ID + "claim/")
QUOTE = Namespace(ID + "quote/")
SOURCE = Namespace(ID + "source/")
GRAPH = Namespace(ID + "graph/")
SCHEME = Namespace(ID + "scheme/")
MEASURE = Namespace(ID + "measure/")
QUALIFIER = Namespace(ID + "qualifier/")
MEMBER_KIND = Namespace(ID + "member-kind/")
SCOPE = Namespace(ID + "scope/")
COHESION = Namespace(ID + "cohesion/")
CONFIDENCE = Namespace(ID + "confidence/")
ROLE = Namespace(ID + "role/")

# The system graphs
PROVENANCE_GRAPH = URIRef(GRAPH + "provenance")
VOCABULARY_GRAPH = URIRef(GRAPH + "vocabulary")

# External identifiers the graph links to
NACE = Namespace("http://data.europa.eu/ux2/nace2/")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
EUC = Namespace("http://publications.europa.eu/resource/authority/country/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "foaf": str(FOAF),
    "ext": str(ONTOLOGY),
    "partnership": str(PARTNERSHIP),
    "organisation": str(ORGANISATION),
    "country": str(COUNTRY),
    "region": str(REGION),
    "sector": str(SECTOR),
    "label": str(LABEL),
    "programme": str(PROGRAMME),
    "action": str(ACTION),
    "project": str(PROJECT),
    "participation": str(PARTICIPATION),
    "certification": str(CERTIFICATION),
    "standard": str(STANDARD),
    "award": str(AWARD),
    "event": str(EVENT),
    "service": str(SERVICE),
    "strategy": str(STRATEGY),
    "figure": str(FIGURE),
    "classification": str(CLASSIFICATION),
    "claim": str(CLAIM),
    "quote": str(QUOTE),
    "source": str(SOURCE),
    "graph": str(GRAPH),
    "scheme": str(SCHEME),
    "measure": str(MEASURE),
    "qualifier": str(QUALIFIER),
    "member-kind": str(MEMBER_KIND),
    "scope": str(SCOPE),
    "cohesion": str(COHESION),
    "confidence": str(CONFIDENCE),
    "role": str(ROLE),
    "nace": str(NACE),
    "nuts": str(NUTS),
    "euc": str(EUC),
    "wd": str(WD),
}
"""Every prefix of ``data/prefixes.ttl``, in its order, with its namespace."""


# Bound on outputs (reports, dumps) besides the data's own prefix block.
EXTRA_PREFIXES: dict[str, str] = {
    "ext-shape": "https://w3id.org/extratex/def/shapes/",
    "sh": str(SH),
    "void": str(VOID),
    "dcat": str(DCAT),
}


def bind_prefixes(graph_or_dataset: Graph) -> None:
    """Bind every prefix of ``PREFIXES`` on a graph or dataset, replacing other bindings of them."""
    for prefix, namespace in {**PREFIXES, **EXTRA_PREFIXES}.items():
        graph_or_dataset.bind(prefix, Namespace(namespace), override=True, replace=True)
