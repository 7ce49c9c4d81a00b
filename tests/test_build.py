"""The build and validate commands on the shipped data and on corrupted copies of it."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from extratex_kg.build import BuildResult
from extratex_kg.dumps import CHECKSUMS, DUMPS

from .conftest import ROOT, cli, copy_project, parse_rdf


def test_build_writes_every_dump_with_checksums(built: BuildResult) -> None:
    names = {p.name for p in built.out_dir.iterdir()} - {"void.ttl"}
    dumps = {d.name for d in DUMPS}
    assert names == dumps | {f"{d}.gz" for d in dumps} | {CHECKSUMS, "build-info.json"}
    for dump in dumps:
        packed = gzip.decompress((built.out_dir / f"{dump}.gz").read_bytes())
        assert packed == (built.out_dir / dump).read_bytes(), dump
    sums = dict(reversed(line.split("  ")) for line in (built.out_dir / CHECKSUMS).read_text().splitlines())
    assert sums == built.checksums
    info = json.loads((built.out_dir / "build-info.json").read_text())
    assert info["claims"] == built.claims > 150
    assert info["triples"] == built.triples


def test_every_dump_holds_the_same_graph(built: BuildResult) -> None:
    union = Graph().parse(built.out_dir / "extratex.ttl", format="turtle")
    assert len(union) == built.triples
    for name, fmt in (("extratex.nt", "nt"), ("extratex.rdf", "xml")):
        assert isomorphic(union, Graph().parse(built.out_dir / name, format=fmt)), name
    for name, fmt in (("extratex.trig", "trig"), ("extratex.nq", "nquads"), ("extratex.jsonld", "json-ld")):
        merged = parse_rdf((built.out_dir / name).read_bytes(), fmt)
        assert isomorphic(union, merged), name
        dataset = Dataset()
        dataset.parse(built.out_dir / name, format=fmt)
        assert len(list(dataset.graphs())) >= built.claims, name


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def build_cli(project: Path, out: Path) -> tuple[int, str]:
    result = cli("--project", str(project), "build", "--out", str(out))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout + result.stderr


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first occurrence; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text.count("\n", 0, at) + 1


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_cli_build_then_failures_leave_last_good_dumps(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    code, output = build_cli(project, out)
    assert code == 0, output
    assert re.search(r"built .*: \d+ triples \(\d+ quads\), \d+ claims, version [0-9a-f]{16}", output)
    good = snapshot(out)

    clutex = project / "data" / "claims" / "clutex.trig"
    line = replace_in(
        clutex,
        'oa:exact "CLUTEX brings together a total of 36',
        'oa:exact "CLUTEX brings together a total of 37',
    )
    code, output = build_cli(project, out)
    assert code == 1
    assert f"{clutex}:{line}: claim claim:" in output
    assert "does not match the source at" in output
    assert snapshot(out) == good
    assert not list(tmp_path.glob(".dist.*")), "no staging folder left behind"


def test_turtle_syntax_error_names_file_line_column(project: Path, tmp_path: Path) -> None:
    target = project / "data" / "claims" / "spc.trig"
    line = replace_in(target, "schema:foundingDate", "schema:foundingDate schema:foundingDate")
    code, output = build_cli(project, tmp_path / "dist")
    assert code == 2
    assert re.search(rf"{re.escape(str(target))}:{line}:\d+: syntax error: ", output), output
    assert not (tmp_path / "dist").exists()
    result = cli("--project", str(project), "validate")
    assert result.returncode == 2 and f"{target}:{line}:" in result.stderr


def test_wrong_datatype_is_a_shape_violation_with_file_line(project: Path, tmp_path: Path) -> None:
    target = project / "data" / "claims" / "spc.trig"
    replace_in(target, '"2009-03-23"^^xsd:date', '"23 March 2009"')
    code, output = build_cli(project, tmp_path / "dist")
    assert code == 1
    assert "shape violation" in output
    assert "schema:foundingDate" in output
    assert re.search(rf"{re.escape(str(target))}:\d+: Violation: ", output), output
    result = cli("--project", str(project), "validate", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    [violation] = [v for v in report["violations"] if v["path"] == "schema:foundingDate"]
    assert violation["focus"] == "organisation:spc"
    assert violation["value"] == '"23 March 2009"'
    assert violation["where"].startswith(f"{target}:")


def test_missing_label_is_a_shape_violation(project: Path, tmp_path: Path) -> None:
    target = project / "data" / "claims" / "clutex.trig"
    replace_in(
        target,
        'organisation:clutex a ext:Cluster ;\n        rdfs:label "CLUTEX"@en .',
        "organisation:clutex a ext:Cluster .",
    )
    code, output = build_cli(project, tmp_path / "dist")
    assert code == 1
    assert "organisation:clutex" in output and "rdfs:label" in output


def test_validate_conforms_on_shipped_data() -> None:
    result = cli("--project", str(ROOT), "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Conforms: every shape is satisfied."


def test_validate_a_dump_in_another_syntax(built: BuildResult) -> None:
    result = cli("--project", str(ROOT), "validate", str(built.out_dir / "extratex.nt"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_reports_turtle(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ext: <https://w3id.org/extratex/def/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/extratex/id/organisation/nameless> a ext:Association .\n",
        encoding="utf-8",
    )
    result = cli("--project", str(ROOT), "validate", str(bad), "--format", "turtle")
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    assert len(report) > 0
    text = cli("--project", str(ROOT), "validate", str(bad)).stdout
    assert f"{bad}:3: Violation:" in text


def test_unknown_syntax_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "data.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    result = cli("--project", str(ROOT), "validate", str(odd))
    assert result.returncode == 2
    assert "unknown RDF syntax for '.csv'" in result.stderr
    result = cli("--project", str(ROOT), "validate", str(tmp_path / "nope.ttl"))
    assert result.returncode == 2
    assert "nope.ttl" in result.stderr


def test_ntriples_syntax_error_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text(
        "<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> .\n", encoding="utf-8"
    )
    result = cli("--project", str(ROOT), "validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "syntax error" in result.stderr


def test_edited_source_document_fails_the_build(project: Path, tmp_path: Path) -> None:
    source = project / "data" / "sources" / "extratex-partnership.txt"
    source.write_bytes(source.read_bytes().replace(b"36 companies", b"38 companies"))
    code, output = build_cli(project, tmp_path / "dist")
    assert code in (1, 2)
    assert "source document changed" in output or "does not match the source" in output


def test_undeclared_named_graph_is_refused(project: Path, tmp_path: Path) -> None:
    target = project / "data" / "claims" / "clutex.trig"
    with target.open("a", encoding="utf-8") as handle:
        handle.write('\nclaim:stray { organisation:clutex rdfs:comment "stray"@en . }\n')
    line = target.read_text(encoding="utf-8").count("\n")
    code, output = build_cli(project, tmp_path / "dist")
    assert code == 2
    assert (
        f"{target}:{line}: named graph <https://w3id.org/extratex/id/claim/stray> is not declared" in output
    )


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = cli("--project", str(ROOT), "--base", "http://localhost:8000/", "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = (out / "extratex.nt").read_text(encoding="utf-8")
    assert "<http://localhost:8000/id/organisation/clutex>" in text
    assert "<http://localhost:8000/def/Cluster>" in text
    assert "https://w3id.org/extratex/" not in text
    info = json.loads((out / "build-info.json").read_text())
    assert info["baseIri"] == "http://localhost:8000/"
    assert info["claims"] > 150
