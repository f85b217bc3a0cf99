"""docs/security.md names the test that proves each control: every named test file and test must
exist, so renaming or deleting a proof fails here instead of leaving the page wrong."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "security.md"


def _test_sources() -> str:
    files = [*ROOT.glob("tests/**/test_*.py"), *ROOT.glob("src/samen/web/**/tests/test_*.py")]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_file_the_page_names_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:src|tests)/[\w/{},.]+?\.py)", text))
    assert len(named) > 20
    missing = []
    for path in named:
        # `a/{b,c}/tests/x.py` names several files.
        options = re.search(r"\{([^}]*)\}", path)
        paths = ([path.replace(options.group(0), part) for part in options.group(1).split(",")]
                 if options else [path])
        missing += [p for p in paths if not (ROOT / p).is_file()]
    assert missing == []


def test_every_test_the_page_names_exists() -> None:
    text = PAGE.read_text(encoding="utf-8")
    modules = set(re.findall(r"/(test_\w+)\.py", text))
    names = set(re.findall(r"\b(test_\w+)\b(?!\.py)", text)) - modules
    classes = set(re.findall(r"(?:`|::)([A-Z]\w*Test(?:s|Case)?)\b", text))
    assert len(names) > 60
    sources = _test_sources()
    assert sorted(n for n in names if f"def {n}(" not in sources) == []
    assert sorted(c for c in classes if f"class {c}(" not in sources) == []
