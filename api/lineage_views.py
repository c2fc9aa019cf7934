"""Lineage views shared by `councilkg lineage/gaps` and `api/routes/lineage.py`, so both say
the same: a commitment's versions in year order with change reports, every link, and gaps."""
from __future__ import annotations


def _year(gen, cid: str) -> int | None:
    c = gen.commitment(cid)
    return gen.documents[c.document].document.period_start


def _order(gen, cid: str) -> tuple:
    c = gen.commitment(cid)
    d = gen.documents[c.document].document
    return (d.period_start is None, d.period_start or 0, d.name, cid)


def lineage_view(gen, cid: str) -> dict:
    """One commitment's lineage: its versions in year order, the `continues` links between
    them with their change reports, and `related` links touching any version."""
    from graph.changes import change_report
    from graph.lineage import chain

    gen.commitment(cid)  # NotFound with a helpful message when the id is unknown
    ids, links = chain(cid, gen.links)
    versions = []
    for v in sorted(ids, key=lambda i: _order(gen, i)):
        c = gen.commitment(v)
        versions.append({"id": v, "document": c.document, "year": _year(gen, v), "text": c.text,
                         "owners": list(c.owners), "targets": [t.text for t in c.targets],
                         "status": c.status})
    out_links = []
    for l in sorted(links, key=lambda l: (_order(gen, l.from_id), _order(gen, l.to_id))):
        report = change_report(gen.commitment(l.from_id), gen.commitment(l.to_id))
        out_links.append({**l.as_json(), "report": report.as_json()})
    related = [l.as_json() for l in gen.links
               if l.relation == "related" and (l.from_id in ids or l.to_id in ids)]
    return {"id": cid, "versions": versions, "links": out_links, "related": related}


def all_links_view(gen) -> dict:
    """Every lineage link, with ids as in `councilkg export`."""
    return {"links": [l.as_json() for l in gen.links]}


def gaps_view(gen) -> dict:
    from graph.gaps import find_gaps

    gaps = find_gaps(gen.plans, gen.links)
    return {"disappeared": [g.as_json() for g in gaps if g.kind == "disappeared"],
            "new": [g.as_json() for g in gaps if g.kind == "new"]}
