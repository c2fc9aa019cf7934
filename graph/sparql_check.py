"""Which SPARQL requests this read-only endpoint may run, decided before anything runs.

SPARQL Update (https://www.w3.org/TR/sparql11-update/), LOAD and federated SERVICE
(https://www.w3.org/TR/sparql11-federated-query/) are refused, as the protocol allows
(https://www.w3.org/TR/sparql11-protocol/#query-failure); the query form decides how the
answer is serialised.
"""
from __future__ import annotations

import re
from typing import Literal

from ontology.errors import QueryRejected

Kind = Literal["select", "ask", "graph"]

# A tokenizer for the SPARQL 1.1 grammar's terminals (https://www.w3.org/TR/sparql11-query/#terminals),
# so keywords are only looked for where the grammar has keywords: not inside strings (with
# their ECHAR escapes, #rECHAR), IRIs (#rIRIREF), comments, variables or prefixed names,
# whose local part may hold escaped punctuation such as ex:a\# (#rPN_LOCAL_ESC). Tried in
# order at each position; the first alternative that matches wins.
_PN_CHARS = r"[\w\-\u00B7\u00C0-\uFFFF]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_STRINGS = [r'"""(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*"""',
            "'''(?:(?:'|'')?(?:[^'\\\\]|\\\\[\\s\\S]))*'''",
            r'"(?:[^"\\\r\n]|\\[\s\S])*"',
            r"'(?:[^'\\\r\n]|\\[\s\S])*'"]
_TOKEN = re.compile("|".join([
    r"(?P<ws>\s+)",
    r"(?P<comment>#[^\r\n]*)",
    "(?P<string>" + "|".join(_STRINGS) + ")",
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    rf"(?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:{_PN_CHARS}|\.(?={_PN_CHARS}))*)?:"
    rf"(?:{_PN_CHARS}|:|{_PLX}|\.+(?={_PN_CHARS}|:|{_PLX}))*)",
    rf"(?P<var>[?$]{_PN_CHARS}+)",
    r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
    r"(?P<other>[\s\S])",
]))
_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def keywords(query: str) -> list[str]:
    """The bare words of a query (keywords, function names, `a`), upper-cased, in order."""
    return [m.group().upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"]


def _service_refused() -> QueryRejected:
    exc = QueryRejected("Federated queries (SERVICE) are refused: this endpoint does not call "
                        "other endpoints. Run the federated query from your own client.")
    exc.http_status = 403
    return exc


def _parser_sees_service(query: str) -> bool:
    """A second opinion from a full SPARQL parser (rdflib's) for a query whose text holds the
    letters `service` only where the tokenizer saw a string, IRI, comment or name. A tokenizer
    cannot tell `FILTER(?a<?b)SERVICE#>` (a comparison, then SERVICE and a comment) from an
    IRI; a parser can. A query this parser cannot read is counted as a SERVICE call: the
    engine must never be the first to understand such a query."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(query)
    except (RecursionError, Exception):  # pyparsing.ParseException and friends
        return True
    stack = [tree]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            if x.name == "ServiceGraphPattern":
                return True
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)) or hasattr(x, "as_list"):
            stack.extend(x)
    return False


def check_query(query: str, max_chars: int) -> Kind:
    """Refuse what this read-only endpoint must not run; return the query form."""
    if not query or not query.strip():
        raise QueryRejected("Empty query. Send a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "query in the `query` parameter.")
    if len(query) > max_chars:
        raise QueryRejected(f"The query is {len(query)} characters long; this endpoint accepts "
                            f"at most {max_chars} (COUNCILKG_MAX_QUERY_CHARS).")
    words = keywords(query)
    form = next((i for i, w in enumerate(words) if w in _FORMS), None)
    update = next((i for i, w in enumerate(words) if w in _UPDATE), None)
    if update is not None and (form is None or update < form):
        exc = QueryRejected(f"SPARQL Update ({words[update]}) is refused: this endpoint "
                            f"is read-only. Download a dump from /dumps/ to change data locally.")
        exc.http_status = 403
        raise exc
    if "SERVICE" in words:
        raise _service_refused()
    if form is None:
        raise QueryRejected("No query form found: a query needs SELECT, ASK, CONSTRUCT or DESCRIBE "
                            "(https://www.w3.org/TR/sparql11-query/#QueryForms).")
    # Defence in depth: SPARQL keywords have no escapes, so SERVICE is always spelt with these
    # letters; a query without them cannot call out, one with them must satisfy a parser too.
    if "service" in query.lower() and _parser_sees_service(query):
        raise _service_refused()
    word = words[form]
    return "select" if word == "SELECT" else "ask" if word == "ASK" else "graph"
