"""One error hierarchy for the whole project.

Each error carries the HTTP status the web layer answers with and the exit code the CLI
ends with, so front ends translate errors in one place and never guess.
"""

from __future__ import annotations


class ExtratexError(Exception):
    """Base of every error this project raises on purpose."""

    status = 500
    exit_code = 2
    title = "Internal error"

    def __init__(self, message: str, *, where: str | None = None, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where  # "file:line[:column]" or a path, when known
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class BadData(ExtratexError):
    """Input that cannot be read or parsed: a syntax error, a missing file, bad encoding."""

    status = 400
    exit_code = 2
    title = "Bad data"


class BadQuote(ExtratexError):
    """A claim whose quote does not match the source document at its offsets."""

    status = 422
    exit_code = 1
    title = "Quote does not match its source"


class ShapesFailed(ExtratexError):
    """The graph does not conform to the SHACL shapes."""

    status = 422
    exit_code = 1
    title = "Shape violations"


class BadQuery(ExtratexError):
    """A query that does not parse or that the endpoint refuses to run."""

    status = 400
    exit_code = 2
    title = "Bad query"


class BadParameter(ExtratexError):
    """A request or command parameter with a wrong, missing or repeated value."""

    status = 400
    exit_code = 2
    title = "Bad parameter"


class Forbidden(ExtratexError):
    """A request the endpoint understands but will not carry out (updates, LOAD, SERVICE)."""

    status = 403
    exit_code = 2
    title = "Forbidden"


class NotAcceptable(ExtratexError):
    """No representation the client accepts is offered."""

    status = 406
    exit_code = 2
    title = "Not acceptable"


class UnsupportedMediaType(ExtratexError):
    """A request body in a media type the endpoint does not take."""

    status = 415
    exit_code = 2
    title = "Unsupported media type"


class QueryTimeout(ExtratexError):
    """A query that ran past its time limit and was stopped."""

    status = 503
    exit_code = 2
    title = "Query time limit reached"


class NotFound(ExtratexError):
    """A resource, query or file that does not exist."""

    status = 404
    exit_code = 2
    title = "Not found"
