"""Write schemas/*.schema.json from the models (run after changing a model; a test checks they are current).

    python tools/gen_schemas.py          # rewrite the files
    python tools/gen_schemas.py --check  # exit 1 if a file is not what the models generate
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from enforcement_rules._schemas import KINDS, generate

ROOT = Path(__file__).resolve().parents[1]


def rendered(kind: str) -> str:
    return json.dumps(generate(kind), ensure_ascii=False, indent=2) + "\n"  # type: ignore[arg-type]


def main() -> int:
    stale = []
    for kind in KINDS:
        path = ROOT / "schemas" / f"{kind}.schema.json"
        text = rendered(kind)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if "--check" not in sys.argv[1:]:
            path.write_text(text, encoding="utf-8")
    if stale and "--check" in sys.argv[1:]:
        print("stale: " + ", ".join(stale) + " (run python tools/gen_schemas.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
