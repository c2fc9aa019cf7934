"""Developer aid: export the seeds (or given files) with ingest only, as JSON lines.

usage: python .ci/export_seeds.py [FILES...] > /tmp/export.jsonl
       python ../shared/eval/score_extraction.py /tmp/export.jsonl
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ingest import read_path  # noqa: E402

files = sys.argv[1:] or sorted(str(p) for p in (Path(__file__).resolve().parent.parent / "data" / "seeds").glob("*"))
for f in files:
    try:
        plan = read_path(Path(f))
    except Exception as exc:  # a developer aid: report and go on
        print(f"{f}: {exc!r}", file=sys.stderr)
        continue
    for c in plan.commitments:
        print(json.dumps(c.as_export()))
