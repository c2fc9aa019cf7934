"""One error hierarchy. The CLI maps these to a message and exit code 2 in one place;
the API maps them to 4xx JSON in one handler."""
from __future__ import annotations


class CouncilKGError(Exception):
    """Base of every error a user can act on. The message says what, where and what next."""

    http_status = 400

    @property
    def http_headers(self) -> dict[str, str]:
        """RFC 9110 section 10.2.3: a client told to slow down (429) or that the service is
        busy (503) is told when to try again."""
        return {"Retry-After": "5"} if self.http_status in (429, 503) else {}


class SourceNotFound(CouncilKGError):
    """A path given on the command line does not exist."""

    http_status = 404


class SourceParseError(CouncilKGError):
    """A document could not be decoded or read (binary, encrypted, empty, too large)."""


class UnknownLayout(CouncilKGError):
    """No reader recognised any commitments in a document."""


class ShapeViolation(CouncilKGError):
    """The built graph does not conform to ontology/shapes.ttl."""


class StoreNotBuilt(CouncilKGError):
    """A verb needs a built store and there is none."""

    http_status = 503


class IndexNotBuilt(CouncilKGError):
    """Search needs an index and there is none."""

    http_status = 503


class IndexMismatch(CouncilKGError):
    """The index was built with another model or dimension than the one configured."""

    http_status = 503


class QueryRejected(CouncilKGError):
    """A query is refused: empty, too large, an update, SERVICE, or over a limit."""


class QueryTimeout(CouncilKGError):
    """A SPARQL query ran past the configured time limit."""

    http_status = 503


class NotFound(CouncilKGError):
    """An id or IRI names nothing in the store."""

    http_status = 404
