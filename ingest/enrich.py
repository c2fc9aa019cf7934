"""RawRow -> Commitment: parse targets, split owners, find entities. (Placeholder, being replaced.)"""
from __future__ import annotations

from ontology.records import Commitment, Target

from .rows import RawRow


def to_commitment(row: RawRow, cid: str, document: str, text: str) -> Commitment:
    return Commitment(
        id=cid, document=document, text=row.text, ref=row.ref, section_path=row.section_path,
        milestones=row.milestones, targets=tuple(Target(t, None) for t in row.target_texts),
        owners=(row.owners_text,) if row.owners_text else (), status=row.status,
        progress=row.progress, span=row.span)
