"""UK local authority areas (authorities.tsv: ONS codes and names) and the place a
council's name is about.

Ingest uses it to tell a council ("Tendring District Council") from a body that merely
ends in "Council" ("Scope Council", a table heading); the graph uses it to link a plan's
publisher to its ONS statistical geography (http://statistics.data.gov.uk/id/
statistical-geography/<GSS code>).
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("authorities.tsv")

# "Royal Borough of X", "City of X Council", "X Metropolitan Borough Council", "The X Council",
# "X Combined Authority"
_KIND = re.compile(
    r"^(?:the\s+|(?:royal|london|metropolitan)\s+borough\s+of\s+|(?:city|county|borough|district)\s+of\s+)"
    r"|\s+(?:(?:city|county|district|borough|metropolitan\s+borough|county\s+borough|town|unitary)\s+)?"
    r"councils?$"
    r"|\s+(?:mayoral\s+)?(?:combined\s+)?authority$", re.I)  # "Greater London Authority"


@dataclass(frozen=True)
class Authority:
    gss: str
    name: str          # as ONS writes it: "Bristol, City of", "Kingston upon Thames"
    upper: str = ""    # a district's county ("Essex" for Tendring); "" for a unitary
    aliases: tuple[str, ...] = ()  # short forms plans write: "Hull", "Herts"

    @property
    def forms(self) -> tuple[str, ...]:
        """How a text names the area: the ONS name without ", City of", and its aliases."""
        return (re.sub(r", (?:City|County) of$", "", self.name),) + self.aliases


def key(place: str) -> str:
    """Compare place names case-, '&'- and punctuation-blind ("Hinckley & Bosworth")."""
    place = re.sub(r"&", " and ", place.lower())
    return " ".join(re.findall(r"[^\W\d_]+", place))  # letters, accented too ("Ynys Môn")


@functools.lru_cache(maxsize=1)
def authorities() -> dict[str, Authority]:
    """Place key -> Authority, under both the ONS name and its plain form ("Bristol, City
    of" is also "Bristol" and "City of Bristol")."""
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    out: dict[str, Authority] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        a = Authority(row["gss"], row["name"], row["upper"] or "",
                      tuple(x for x in (row["aliases"] or "").split("|") if x))
        plain = a.forms[0]
        kind = a.name[len(plain) + 2:]  # "City of" in "Bristol, City of"
        for form in (a.name, f"{kind} {plain}", place_of(plain), *a.forms):
            out.setdefault(key(form), a)
    # "London" alone names the region, not the City of London Corporation
    out.pop("london", None)
    return out


def place_of(council: str) -> str:
    """'Tendring District Council' -> 'Tendring'; 'Royal Borough of Kingston upon Thames'
    -> 'Kingston upon Thames'; 'City of Edinburgh Council' -> 'Edinburgh'."""
    prev = None
    while prev != council:
        prev, council = council, _KIND.sub("", council.strip())
    return council


def authority_of(council: str | None) -> Authority | None:
    """The authority a council's name is about, or None when no UK area has that name."""
    if not council:
        return None
    table = authorities()
    # "Aberdeen City Council" is the council of the area ONS calls "Aberdeen City"
    for form in (place_of(council), re.sub(r"\s+councils?$", "", council, flags=re.I), council):
        if key(form) in table:
            return table[key(form)]
    return None
