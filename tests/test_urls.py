"""The URL scheme: the README's table says what dossier/urls.py makes, row by row."""
from __future__ import annotations

import re
from pathlib import Path

from dossier import urls

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_table() -> dict[str, str]:
    """The rows of the README's "URL scheme" table: page -> its address cell."""
    section = README.read_text(encoding="utf-8").split("## URL scheme", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and cells[0] not in ("page", "---"):
            rows[cells[0]] = cells[1]
    return rows


def test_the_readme_lists_every_kind_of_address_urls_makes_and_no_other():
    assert sorted(readme_table()) == sorted(urls.ADDRESSES)


def test_each_address_in_the_readme_is_the_one_urls_makes():
    table = readme_table()
    for page, addresses in urls.ADDRESSES.items():
        shown = re.findall(r"`([^`]*)`", table[page])
        for address in addresses:
            wanted = address if address.startswith("#") else "/" + address
            assert any(wanted in code for code in shown), f"README's {page!r} row does not show {wanted}"


def test_addresses_are_relative_and_pages_end_in_a_slash():
    assert urls.article("a-b") == "articles/a-b/" and urls.paragraph("a-b", 5) == "articles/a-b/#p5"
    assert urls.actor("hamas", "statements") == "actors/hamas/#statements"
    assert urls.compare_cell("x", "aid") == "compare/#x-aid" and urls.compare_row("x") == "compare/#x"
    assert urls.event("2025-03", "e-2025-03-18-abc") == "chronology/2025-03/#e-2025-03-18-abc"
    assert urls.sources(1) == "sources/" and urls.sources(3) == "sources/3/"
    assert urls.page_file(urls.chronology_page("2025")) == "chronology/2025/index.html"


def test_no_template_builds_an_address_by_hand():
    templates = Path(__file__).resolve().parent.parent / "theme" / "templates"
    by_hand = re.compile(r'(SITEURL|SITE_ADDRESS) *\}\}/(articles|actors|proposals|chronology|sources|compare|feeds|editors|briefing|search)'
                         r'|"(articles|actors|proposals|chronology)/')
    found = [f"{path.name}: {match.group()}" for path in sorted(templates.rglob("*.html"))
             for match in by_hand.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
