"""feed.xml is valid Atom: one entry per published month and one per revision batch, with the
elements Atom requires, dates from the data (never the clock), and links that resolve."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import build_undrawn

from generator.config import BuildConfig

EXPORTS = Path(__file__).resolve().parent / "exports"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://eksempel.no/tiltak/"


def build_reform(root: Path, base_url: str) -> Path:
    """The reform exports: 2017, 2018 so far, and all of 2018, which revises two values."""
    content = root / "content"
    content.mkdir()
    for path in sorted((EXPORTS / "reform").glob("*.txt")):
        shutil.copy(path, content / path.name)
    (content / "site.toml").write_text(f'base_url = "{base_url}"\n', "utf-8")
    build_undrawn(BuildConfig(content=content, out=root / "site", strict=True, cache=None))
    return root / "site"


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The reform site with and without a base URL."""
    return {
        base: build_reform(tmp_path_factory.mktemp("feed"), base) / "feed.xml"
        for base in (BASE, "")
    }


def test_feed_is_atom_with_every_required_element(feeds: dict[str, Path]):
    root = ET.parse(feeds[BASE]).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{name}"), name
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "NAV"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": f"{BASE}feed.xml", "alternate": f"{BASE}index.html"}
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), (name, ET.tostring(entry))
        assert entry.find(f"{ATOM}link").get("href").startswith(BASE)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert root.findtext(f"{ATOM}updated") == updated[0]


def test_feed_has_one_entry_per_month_and_per_revision_batch(feeds: dict[str, Path]):
    feedparser = pytest.importorskip("feedparser")
    parsed = feedparser.parse(feeds[BASE].read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    months = [t for t in titles if t.startswith("Tall for ")]
    assert len(months) == 6 and months[0] == "Tall for mars 2018"  # oktober 2017–mars 2018
    revisions = [e for e in parsed.entries if e.title.startswith("Reviderte tall")]
    assert len(revisions) == 1
    assert "tiltak-2018.txt" in revisions[0].summary
    assert revisions[0].link == f"{BASE}data/revisjoner.csv"  # no Om statistikken page here
    latest = next(e for e in parsed.entries if e.title.startswith("Tall for "))
    assert latest.updated.startswith("2018-03-31")
    assert "hele landet ved utgangen av mars 2018" in latest.summary
    assert "Endring fra februar 2018" in latest.summary


def test_feed_without_a_base_url_links_relative_to_itself(feeds: dict[str, Path]):
    root = ET.parse(feeds[""]).getroot()
    site = feeds[""].parent
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert hrefs and all("://" not in href for href in hrefs)
    for href in hrefs:
        assert (site / href.partition("#")[0]).is_file(), href
    same_ids = [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]
    with_base = [
        e.findtext(f"{ATOM}id") for e in ET.parse(feeds[BASE]).getroot().iter(f"{ATOM}entry")
    ]
    assert same_ids == with_base, "an entry's id does not depend on where the site is"
