"""Word lists the entity rules share: head words that end a name, and words that cannot be
part of one. Kept apart from the rules so a reader can check and extend them in one place."""
from __future__ import annotations

# Last words of a named strategy, plan, programme or fund (SCHEMA.md section 1 'strategies').
STRATEGY_HEADS = frozenset({
    "strategy", "strategies", "plan", "plans", "programme", "programmes", "program", "fund",
    "framework", "frameworks", "policy", "policies", "agreement", "charter",
    "statement", "pledge", "compact",
})
# Head words that name a plan only when written in title case ("Housing Regulator Self-Assessment",
# "Procurement Act 2023", "One Big Library Concept"); in lower case they are ordinary words.
STRATEGY_HEADS_TITLE_ONLY = frozenset({
    "act", "concept", "project", "review", "standard", "grant", "contract", "network", "pilot",
    "principles", "initiative", "protocol", "procedure", "profile", "assessment", "vision",
    "guidance", "model",
    # a lower-case "scheme" is mostly a building job ("Acre Road housing scheme")
    "scheme", "schemes",
})
# Last words of a partner body's name.
PARTNER_HEADS = frozenset({
    "partnership", "board", "forum", "agency", "trust", "association", "alliance", "commission",
    "group", "groups", "hospital", "university", "college", "foundation", "society", "action",
    "partners", "network", "institute", "consortium", "collaborative", "federation", "committees",
})
# Words that mark a council's own boards and teams, which are not partners.
INTERNAL = frozenset({
    "corporate", "leadership", "steering", "directorate", "management", "cabinet", "officers",
    "officer", "members", "member", "staff", "internal", "programme", "project", "scrutiny",
    "neighbourhood", "capital", "council", "council's", "delivery", "performance", "risk",
})
# Last words of a place, site or building's name.
PLACE_HEADS = frozenset({
    "road", "street", "lane", "avenue", "way", "estate", "estates", "centre", "park", "gardens",
    "house", "wharf", "bridge", "farm", "square", "hall", "chambers", "chamber", "embankment",
    "riverside", "court", "close", "hub", "market", "parade", "walk", "terrace", "crescent",
    "hill", "common", "grove", "rise", "drive", "yard", "quarter", "library", "station",
    "guildhall", "airport", "harbour", "reservoir", "forest", "woods", "heath", "marsh", "valley",
    "canal", "beach", "pier", "campus", "depot", "cemetery", "crematorium", "museum", "theatre",
    "lido", "meadow", "meadows", "downs", "island",
})
# Joining words allowed inside a name ("Children and Young People's Plan").
CONNECTORS = frozenset({"and", "&"})
# Lower-case words that say nothing on their own: "action plan", "delivery plan".
GENERIC_MODIFIERS = frozenset({
    "action", "delivery", "service", "services", "team", "work", "project", "improvement",
    "business", "annual", "new", "existing", "current", "overall", "wider", "whole", "detailed",
    "individual", "directorate", "council", "council's", "draft", "revised", "updated", "final",
    "proposed", "agreed", "approved", "key", "strategic", "local", "joint", "this", "that",
    "internal", "development", "implementation", "investment", "recovery", "support", "funding",
    "capital", "future", "long-term", "short-term", "3-year", "5-year", "year", "resulting",
    "relevant", "same", "one", "two", "three", "other", "specific", "various",
    "programme", "strategy", "plan", "partnership", "pilot", "comprehensive", "robust",
    "policy", "commissioning", "change", "regeneration", "risk", "management", "training",
    "pathway", "grants", "grant", "accountability", "performance", "governance",
    "communication", "event", "events", "realm", "councils",
    "national", "government", "government's", "staff", "our", "your",
})
# Words before a place head that name a kind of place, not one place ("High Street",
# "Town Centre", "Leisure Centre", "Community Hub", "Car Park").
GENERIC_PLACE_WORDS = frozenset({
    "high", "town", "city", "main", "local", "district", "village", "school", "shopping",
    "community", "leisure", "civic", "new", "public", "car", "country", "pocket", "business",
    "retail", "council", "housing", "family", "youth", "children's", "health", "sports", "day",
    "care", "resource", "recycling", "park", "green", "open", "rural", "urban", "neighbourhood",
    "borough", "six", "two", "three", "four", "five", "existing", "key", "major", "the",
})
# Place heads a generic word can precede ("the High Street", "a Leisure Centre"); a building
# ("Town House", "Council Chamber", "Town Hall") is one place whatever its first word.
GENERIC_PLACE_HEADS = frozenset({
    "street", "streets", "centre", "centres", "hub", "park", "library", "station", "market",
    "estate", "estates", "road", "parade", "square", "quarter", "yard", "walk", "lane", "way",
})
# Words before "network" that make it infrastructure, not a body or plan.
PHYSICAL_NETWORKS = frozenset({
    "heat", "heating", "cycle", "cycling", "walking", "rail", "road", "bus", "broadband", "fibre",
    "energy", "transport", "charging", "sewer", "water", "district", "gas", "electricity",
    "pipe", "footpath", "path", "street", "route", "ev", "roads", "distribution", "motorway", "trunk", "sewerage",
})
# Words that end a backward walk over a name.
STOP = frozenset({
    "the", "a", "an", "our", "its", "their", "this", "that", "these", "those", "with", "to", "in",
    "at", "by", "from", "into", "as", "is", "are", "be", "been", "being", "was", "were", "will",
    "which", "who", "including", "such", "eg", "e.g", "ie", "all", "each", "any", "both", "or",
    "not", "has", "have", "had", "within", "across", "through", "via", "under", "over", "per",
    "than", "also", "further", "where", "when", "while", "whilst", "if", "so", "but", "it",
    "we", "us", "they", "new", "existing", "current", "draft", "revised", "refreshed", "updated",
    "proposed", "emerging", "future", "key", "wider", "first", "second", "next", "latest",
    "following", "relevant", "appropriate", "annual", "full", "final", "interim", "initial",
    "see", "link", "links", "linked", "part", "phase", "year", "years", "stage", "outcomes",
    "priorities", "actions", "targets", "objectives", "aims", "goals", "people", "of", "for",
    "how", "what", "why", "council's", "on", "no", "your", "my",
})
# Lower-case adjectives that open a description rather than a name ("a clear plan").
ADJ_STOP = frozenset({
    "clear", "coordinated", "co-ordinated", "shared", "robust", "comprehensive", "longer-term",
    "single", "overarching", "simple", "formal", "longer", "short", "effective", "improved",
    "appropriate", "associated", "related", "wide", "sustainable", "financial", "voluntary",
    "proactive", "targeted", "costed", "operational", "public", "specific", "local", "number",
    "one", "two", "three", "expansion", "delivery", "implementation", "other", "alternative",
})
# Verbs that open a plan's action ("Deliver", "Develop the ...") and participles before a name.
VERBS = frozenset({
    "deliver", "develop", "implement", "launch", "review", "refresh", "produce", "publish",
    "adopt", "agree", "update", "complete", "continue", "support", "progress", "prepare",
    "embed", "ensure", "create", "consult", "approve", "finalise", "design", "undertake",
    "establish", "monitor", "set", "include", "use", "align", "inform", "contribute", "refer",
    "reflect", "achieve", "meet", "maintain", "promote", "work", "explore", "enable", "improve",
    "increase", "reduce", "provide", "build", "expand", "extend", "mobilise", "commission",
    "procure", "introduce", "invest", "secure", "identify", "assess", "evaluate", "engage",
    "co-produce", "coproduce", "refine", "strengthen", "roll", "lead", "host", "hold", "run",
    "agreed", "approved", "developed", "delivered", "published", "reviewed", "adopted",
    "launched", "completed", "implemented", "produced", "refreshed", "updated", "submitted",
    "working", "delivering", "developing", "implementing", "supporting", "through", "against",
    "towards", "toward", "following", "reporting", "report", "reports", "celebrate",
    "transform", "respond", "tackle", "help", "encourage", "invite", "focus", "bid", "apply",
    "ongoing", "draft", "drafted", "held", "take", "taking", "taken", "led", "make",
    "refurbish", "repair", "renovate", "redevelop", "regenerate", "retrofit", "open", "close",
    "install", "upgrade", "replace", "convert", "acquire", "purchase", "demolish", "restore",
    "plant", "pilot", "trial", "test", "recruit", "train", "attend", "visit", "start",
    "begin", "finish", "submit", "seek", "obtain", "collect", "analyse", "share", "map",
    "steer", "shape", "drive", "guide", "influence", "lobby",
})
