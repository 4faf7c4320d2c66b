"""The README's table of routes is the one generated from the content tree."""

from __future__ import annotations

from pathlib import Path

from ftawizard.content.routes_table import BEGIN, END, routes_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_routes_table_matches_the_content(content) -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    shown = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert shown == routes_table(content), "regenerate it: python -m ftawizard.content.routes_table"
