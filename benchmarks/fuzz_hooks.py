"""schemathesis hooks for councilkg's schema (loaded by `make fuzz` through SCHEMATHESIS_HOOKS,
and imported by tests/api/test_fuzz.py).

POST /sparql documents its body as `application/sparql-query` (SPARQL 1.1 Protocol, section
2.1.3: the query string itself), which schemathesis has no serializer for: without this it
errors on that operation's examples instead of sending them. The body is plain text.
"""
import schemathesis

schemathesis.serializer.alias("application/sparql-query", "text/plain")
