"""Write editors/vscode/syntaxes/rules.tmLanguage.json from the grammar's keywords."""

from __future__ import annotations

import json
from pathlib import Path

from standards_rules.highlight import textmate_grammar

TARGET = Path(__file__).resolve().parents[1] / "editors" / "vscode" / "syntaxes"


def main() -> None:
    text = json.dumps(textmate_grammar(), ensure_ascii=False, indent=2) + "\n"
    (TARGET / "rules.tmLanguage.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
