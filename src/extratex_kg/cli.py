"""The command line: one library call per command.

Exit codes (as pySHACL's): 0 success, 1 shape violations or bad quotes, 2 unreadable input
or another error. Errors are printed as ``file:line:column: message``, never as tracebacks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from extratex_kg.config import Settings
from extratex_kg.errors import ExtratexError

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn ExtratexError into a message on stderr and the error's exit code."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ExtratexError as exc:
            click.echo(f"error: {exc}", err=True)
            if exc.detail:
                click.echo(exc.detail, err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:  # a bug, not a user error: say so plainly, without a traceback
            if os.environ.get("EXTRATEX_KG_DEBUG"):
                raise
            click.echo(
                f"error: unexpected {type(exc).__name__}: {exc} (set EXTRATEX_KG_DEBUG=1 for details)",
                err=True,
            )
            sys.exit(2)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="EXTRATEX_KG_PROJECT_DIR",
    help="Project folder holding ontology/, data/ and shapes/ (default: this checkout).",
)
@click.option("--base", envvar="EXTRATEX_KG_BASE_IRI", help="Base IRI of the graph.")
@click.pass_context
def main(ctx: click.Context, project: Path | None, base: str | None) -> None:
    """extratex-kg: the knowledge graph of the EXTRATEX cluster partnership."""
    settings = Settings.from_env()
    if project is not None:
        settings = settings.with_changes(project_dir=project)
    if base:
        settings = settings.with_changes(base_iri=base)
    ctx.obj = settings


@main.command()
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default dist/)."
)
@click.pass_obj
@reports_errors
def build(settings: Settings, out: Path | None) -> None:
    """Load, verify quotes, validate and write every dump (atomically)."""
    from extratex_kg.build import build as run_build

    result = run_build(settings, out)
    click.echo(
        f"built {result.out_dir}: {result.triples} triples ({result.quads} quads), "
        f"{result.claims} claims, version {result.version}"
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True
)
@click.pass_obj
@reports_errors
def validate(settings: Settings, paths: tuple[Path, ...], fmt: str) -> None:
    """Validate RDF files (any common syntax) or, without PATHS, the project's data."""
    from extratex_kg.checks import validate_files, validate_project

    report = validate_files(settings, list(paths)) if paths else validate_project(settings)
    output = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[fmt]()
    click.echo(output)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Port to listen on (0: any free port)."
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the graph in an on-disk Oxigraph store in DIR (default: in memory).",
)
@click.option(
    "--data",
    "extra",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Further RDF files to serve (any common syntax; TriG/N-Quads keep their graphs).",
)
@click.option("--timeout", type=float, help="Time limit per query in seconds (default 10).")
@click.option("--workers", type=int, help="Query worker processes (default 2).")
@click.option("--max-rows", type=int, help="Most result rows (or triples) in one answer (default 10000).")
@click.option("--cors-origin", help="Access-Control-Allow-Origin value (default *).")
@click.pass_obj
@reports_errors
def serve(
    settings: Settings,
    host: str,
    port: int,
    store_dir: Path | None,
    extra: tuple[Path, ...],
    timeout: float | None,
    workers: int | None,
    max_rows: int | None,
    cors_origin: str | None,
) -> None:
    """Build if needed, load, and serve the SPARQL endpoint with a production WSGI server."""
    from extratex_kg.web.serve import serve as run_server

    changes: dict[str, object] = {"host": host, "port": port, "store_dir": store_dir, "extra_data": extra}
    optional = {"timeout": timeout, "workers": workers, "max_rows": max_rows, "cors_origin": cors_origin}
    for name, value in optional.items():
        if value is not None:
            changes[name] = value
    run_server(settings.with_changes(**changes), announce=lambda line: click.echo(line, err=False))


@main.command()
@click.argument("name", required=False)
@click.option("--sparql", "text", help="The query text.")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file holding the query.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the saved query NAME; repeat it for several values.",
)
@click.option(
    "--endpoint",
    help="Run on this endpoint instead of the local build: a SPARQL endpoint (URL ending in /sparql) "
    "or, for a saved query, an extratex-kg server (its base URL).",
)
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    help="table, or a result format: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml … "
    "(saved queries: table, csv, tsv, json (plain rows), srj, srx)",
)
@click.pass_obj
@reports_errors
def query(
    settings: Settings,
    name: str | None,
    text: str | None,
    path: Path | None,
    params: tuple[str, ...],
    endpoint: str | None,
    fmt: str,
) -> None:
    """Run the saved query NAME, or a SPARQL query, on the local build or an endpoint; print the answer."""
    from extratex_kg.client import run_query
    from extratex_kg.queryrun import parse_assignments, run_saved

    if name is not None:
        if text is not None or path is not None:
            raise click.UsageError("give a saved query NAME or --sparql/--file, not both")
        click.echo(run_saved(settings, name, parse_assignments(params), endpoint, fmt), nl=False)
        return
    if params:
        raise click.UsageError("--param is for saved queries: give the query NAME")
    if (text is None) == (path is None):
        raise click.UsageError("give a saved query NAME, or exactly one of --sparql TEXT or --file F")
    source = text if text is not None else path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    click.echo(run_query(settings, source, endpoint, fmt), nl=False)


@main.command("queries")
@click.pass_obj
@reports_errors
def list_queries(settings: Settings) -> None:
    """List the saved queries: name, title and parameters."""
    from extratex_kg.queryload import load_queries
    from extratex_kg.queryrun import list_text

    click.echo(list_text(load_queries(settings)), nl=False)


if __name__ == "__main__":
    main()
