"""Reading the scripts with each page's chart specs, which the build writes beside the page.

A page with charts loads ``static/charts.js`` with ``data-charts`` pointing at its spec script
("fylke/oslo.charts.js?v=…"). That script is read here strictly: one line setting up
``window.navCharts``, then one line per figure assigning JSON to it, and nothing else, so a test
that reads the specs also proves the file holds no other code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

FIRST_LINE = "window.navCharts=window.navCharts||{};"
FIGURE_LINE = re.compile(r'window\.navCharts\[("(?:[^"\\]|\\.)*")\]=(\{.*\});')
SCRIPT_URL = re.compile(r"(?:\.\./)*(?:[a-z0-9-]+/)*[a-z0-9-]+\.charts\.js\?v=[0-9a-f]{12}")


def spec_script(page: Path, doc: BeautifulSoup | None = None) -> Path | None:
    """The spec script a page's charts.js loads, or None for a page without one; ``doc`` is
    the page already parsed, if it is."""
    if doc is None:
        doc = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    tag = doc.select_one("script[data-charts]")
    return None if tag is None else script_at(page, str(tag["data-charts"]))


def script_at(page: Path, url: str) -> Path:
    """The spec script at ``url`` (a page's ``data-charts``), checked to be one."""
    assert SCRIPT_URL.fullmatch(url), f"{page}: data-charts={url!r}"
    return (page.parent / urlsplit(url).path).resolve()


def read_specs(script: Path) -> dict[str, dict[str, Any]]:
    """Figure element id → {"wide": Vega spec, "narrow": Vega spec}, in the file's order."""
    first, *lines = script.read_text("utf-8").splitlines()
    assert first == FIRST_LINE, f"{script}: {first[:80]!r}"
    specs: dict[str, dict[str, Any]] = {}
    for line in lines:
        match = FIGURE_LINE.fullmatch(line)
        assert match, f"{script}: not a figure's specs: {line[:80]!r}"
        assert not re.search(r"[<>&\u2028\u2029]", line), f"{script}: unescaped in {line[:80]!r}"
        key, value = json.loads(match[1]), json.loads(match[2])
        assert key not in specs and set(value) <= {"wide", "narrow"} and "wide" in value, key
        specs[key] = value
    return specs


def page_specs(page: Path) -> dict[str, dict[str, Any]]:
    """The chart specs a page's live charts are drawn from; {} for a page without charts."""
    script = spec_script(page)
    return read_specs(script) if script else {}
