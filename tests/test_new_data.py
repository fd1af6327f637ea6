"""New data arriving: several exports as one series, revisions, a county reform, safe rebuilds.

The fixture exports in tests/exports/reform/ are a 2017 file with Sør- and Nord-Trøndelag, a
2018 year-to-date file with Trøndelag, and a later full 2018 file that revises two values.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import re
import shutil
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_undrawn

from generator.build import build
from generator.config import BuildConfig
from generator.dataset.grid import build_dataset
from generator.errors import BuildError
from generator.numbers import Count
from generator.source.regions import default_catalog
from generator.source.text_export import read_export

REFORM = Path(__file__).parent / "exports" / "reform"
ABOUT = "# Om statistikken\n\nTekst.\n"


def make_content(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(REFORM / name, folder / name)
    (folder / "om-statistikken.md").write_text(ABOUT, "utf-8")
    return folder


ALL_THREE = ("tiltak-2017.txt", "tiltak-2018-hittil.txt", "tiltak-2018.txt")


@pytest.fixture(scope="module")
def reform_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reform")
    content = make_content(root / "content", *ALL_THREE)
    (content / "site.toml").write_text('base_url = "https://eksempel.no/tiltak/"\n', "utf-8")
    out = root / "site"
    build_undrawn(BuildConfig(content=content, out=out, strict=True, cache=root / ".cache"))
    return out


def dataset(*names: str):
    return build_dataset([read_export(REFORM / n) for n in names], default_catalog())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---- merging ---------------------------------------------------------------------------------


def test_exports_make_one_continuous_monthly_series():
    data = dataset(*ALL_THREE)
    assert data.months == ["2017-10", "2017-11", "2017-12", "2018-01", "2018-02", "2018-03"]
    assert data.owner["2017-12"] == "tiltak-2017.txt"
    # The full 2018 file ends later than the year-to-date file, so it wins January and February.
    assert data.owner["2018-01"] == data.owner["2018-02"] == "tiltak-2018.txt"
    months = set(data.frame.periode)
    assert months == set(data.months)
    assert len(data.frame) == len(
        data.frame.drop_duplicates(["periode", "region", "tiltaksgruppe", "hovedgruppe"])
    )


def test_every_changed_value_is_a_revision():
    data = dataset(*ALL_THREE)
    found = {
        (r.month, r.region, r.tiltaksgruppe, r.hovedgruppe, r.old.lo, r.new.lo)
        for r in data.revisions
    }
    # The full file added 7 to January's Oslo Opplæring jobseekers and took 3 from February's
    # Trøndelag Lønnstilskudd with reduced work capacity; totals follow.
    assert ("2018-01", "Oslo", "Opplæring", "Arbeidssøkere på tiltak", 474, 481) in found
    assert ("2018-01", "Oslo", "Opplæring", "", 930, 937) in found
    assert ("2018-01", "Hele landet", "Opplæring", "", 1238, 1245) in found
    assert ("2018-02", "Trøndelag", "Lønnstilskudd", "Nedsatt arbeidsevne på tiltak", 153,
            150) in found  # fmt: skip
    assert len(found) == 8
    assert all(r.old_file == "tiltak-2018-hittil.txt" for r in data.revisions)
    assert all(r.new_file == "tiltak-2018.txt" for r in data.revisions)


def test_same_period_end_with_different_values_is_an_error(tmp_path: Path):
    other = tmp_path / "tiltak-2018-kopi.txt"
    text = (REFORM / "tiltak-2018.txt").read_text("utf-8")
    other.write_text(text.replace("Oslo\t937", "Oslo\t938", 1), "utf-8")
    exports = [read_export(REFORM / "tiltak-2018.txt"), read_export(other)]
    with pytest.raises(BuildError) as caught:
        build_dataset(exports, default_catalog())
    message = str(caught.value)
    assert "tiltak-2018.txt" in message and "tiltak-2018-kopi.txt" in message
    assert (
        "first at Oslo, Opplæring, 2018-01: 938 in tiltak-2018-kopi.txt, 937 in tiltak-2018.txt"
        in message
    )
    assert "prefer" in message
    # The publisher says which one wins.
    data = build_dataset(exports, default_catalog(), prefer=["tiltak-2018-kopi.txt"])
    assert data.count("Oslo", "Opplæring", "", "2018-01") == Count.exact(938)


def test_same_period_and_same_values_is_fine(tmp_path: Path):
    twin = tmp_path / "tiltak-2018-igjen.txt"
    shutil.copy(REFORM / "tiltak-2018.txt", twin)
    data = build_dataset(
        [read_export(REFORM / "tiltak-2018.txt"), read_export(twin)], default_catalog()
    )
    assert data.revisions == []


def test_newer_region_names_are_recognised():
    data = dataset("tiltak-2018.txt")
    names = {r.name for r in data.regions}
    assert {"Trøndelag", "Øvrige områder", "Oslo", "Ukjent", "Hele landet"} == names
    trondelag = next(r for r in data.regions if r.name == "Trøndelag")
    assert trondelag.code == "50"


# ---- the site --------------------------------------------------------------------------------


def test_a_page_for_every_county_of_any_period(reform_site: Path):
    pages = {p.stem for p in (reform_site / "fylke").glob("*.html")}
    assert pages == {"oslo", "sor-trondelag", "nord-trondelag", "trondelag"}


def test_old_and_new_counties_link_both_ways(reform_site: Path):
    south = soup(reform_site / "fylke" / "sor-trondelag.html")
    history = south.select_one(".county-history")
    assert "gjelder oktober–desember 2017" in history.get_text()
    assert "Fra januar 2018 ble Sør-Trøndelag en del av Trøndelag" in history.get_text()
    assert history.find("a", href="../fylke/trondelag.html")
    new = soup(reform_site / "fylke" / "trondelag.html")
    history = new.select_one(".county-history")
    assert "Trøndelag ble opprettet i januar 2018 av" in history.get_text()
    assert history.find("a", href="../fylke/sor-trondelag.html")
    assert history.find("a", href="../fylke/nord-trondelag.html")


def test_comparable_history_is_marked_and_sums_are_honest(reform_site: Path):
    data = dataset(*ALL_THREE)
    page = soup(reform_site / "fylke" / "trondelag.html")
    table = page.find("table", id="tbl-fylke-trondelag-totalt")
    rows = {tr.th.get_text(strip=True): tr for tr in table.tbody.find_all("tr")}
    assert list(rows)[:4] == ["oktober 2017", "november 2017", "desember 2017", "januar 2018"]
    for month, label in [("2017-10", "oktober 2017"), ("2017-12", "desember 2017")]:
        parts = data.total("Sør-Trøndelag", month) + data.total("Nord-Trøndelag", month)
        cells = rows[label].find_all("td")
        assert cells[-1].get_text(strip=True) == "Sum av Sør-Trøndelag og Nord-Trøndelag"
        shown = cells[0]
        if parts.is_exact:
            assert shown["data-kind"] == "exact"
            assert shown.get_text(strip=True).replace("\u00a0", "") == str(parts.lo)
        else:
            assert shown["data-kind"] == "range"
    assert rows["januar 2018"].find_all("td")[-1].get_text(strip=True) == "Trøndelag"
    # The break is said on the chart, under it and under its table.
    figure = page.find("figure", id="fig-fylke-trondelag-totalt")
    assert "Brudd i serien" in figure.select_one(".chart-breaks").get_text()
    assert "Brudd i serien fra januar 2018" in table.find_parent("div").parent.get_text()
    svg = figure.find("svg")
    assert "brudd" in svg.get_text()


def test_sums_over_hidden_cells_in_history_are_ranges(reform_site: Path):
    """Nord-Trøndelag's hovedgruppe cells are hidden, so Trøndelag-wide sums of them are ranges."""
    page = soup(reform_site / "fylke" / "nord-trondelag.html")
    table = page.find("table", id="tbl-fylke-nord-trondelag-hovedgrupper")
    kinds = {td["data-kind"] for td in table.find_all("td")}
    assert "range" in kinds
    for td in table.find_all("td", attrs={"data-kind": "range"}):
        assert re.search(r"\d–\d", td.get_text()), td


def test_tiltaksgruppe_table_marks_months_a_county_did_not_exist(reform_site: Path):
    page = soup(reform_site / "tiltaksgruppe" / "opplaering.html")
    table = page.find("table", id="tbl-tiltaksgruppe-opplaering-fylker")
    rows = {tr.th.get_text(strip=True): tr.find_all("td") for tr in table.tbody.find_all("tr")}
    assert [td.get_text(strip=True) for td in rows["Sør-Trøndelag"][3:]] == ["–", "–", "–"]
    assert [td.get_text(strip=True) for td in rows["Trøndelag"][:3]] == ["–", "–", "–"]
    assert all(td["data-kind"] == "exact" for td in rows["Trøndelag"][3:])


def test_revisions_are_listed_on_the_site(reform_site: Path):
    index = soup(reform_site / "index.html").select_one(".revision-note").get_text(" ")
    assert "januar 2018, februar 2018" in index
    assert "januar–mars 2018" in index and "tiltak-2018.txt" in index
    about = soup(reform_site / "om-statistikken.html")
    section = about.find(id="revisjoner")
    assert section is not None
    text = section.get_text(" ")
    assert "januar 2018" in text and "februar 2018" in text
    csv = (reform_site / "data" / "revisjoner.csv").read_text("utf-8").splitlines()
    assert csv[0].startswith("periode,region,tiltaksgruppe,hovedgruppe,tiltak,gammel,ny")
    assert len(csv) == 9
    assert "2018-01,Oslo,Opplæring,Arbeidssøkere på tiltak,,474,481,false,false" in "\n".join(csv)


def test_publishing_files_use_the_base_url(reform_site: Path):
    sitemap = (reform_site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://eksempel.no/tiltak/index.html</loc>" in sitemap
    assert "<loc>https://eksempel.no/tiltak/fylke/trondelag.html</loc>" in sitemap
    assert "404.html" not in sitemap
    robots = (reform_site / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://eksempel.no/tiltak/sitemap.xml" in robots
    not_found = soup(reform_site / "404.html")
    assert not_found.find("a", href="/tiltak/index.html")
    assert not_found.find("link", href="/tiltak/static/site.css")
    assert (reform_site / ".nojekyll").is_file()


# ---- safe, deterministic, incremental rebuilds -----------------------------------------------


def test_a_failed_build_leaves_the_old_site_byte_identical(tmp_path: Path):
    content = make_content(tmp_path / "content", "tiltak-2017.txt")
    out = tmp_path / "site"
    build_undrawn(BuildConfig(content=content, out=out, cache=tmp_path / ".cache"))
    before = snapshot(out)
    broken = (REFORM / "tiltak-2018.txt").read_text("utf-8").replace("Oslo\t937", "Oslo\t9x7")
    (content / "tiltak-2018.txt").write_text(broken, "utf-8")
    with pytest.raises(BuildError):
        build_undrawn(BuildConfig(content=content, out=out, cache=tmp_path / ".cache"))
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site"]


def test_two_builds_are_byte_identical(tmp_path: Path):
    content = make_content(tmp_path / "content", *ALL_THREE)
    first, second = tmp_path / "one", tmp_path / "two"
    build(BuildConfig(content=content, out=first, clean=True, cache=None))
    build(BuildConfig(content=content, out=second, clean=True, cache=None))
    assert snapshot(first) == snapshot(second)


def test_a_rebuild_rewrites_only_what_changed(tmp_path: Path):
    content = make_content(tmp_path / "content", *ALL_THREE)
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_undrawn(BuildConfig(content=content, out=out, cache=cache))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}

    again = build_undrawn(BuildConfig(content=content, out=out, cache=cache))
    assert again.skipped and again.files.written == 0
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert after == before

    (content / "om-statistikken.md").write_text(ABOUT + "\nMer tekst.\n", "utf-8")
    changed = build_undrawn(BuildConfig(content=content, out=out, cache=cache))
    assert not changed.skipped
    assert changed.files.written == 1  # only om-statistikken.html
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    differs = sorted(p.relative_to(out).as_posix() for p in after if after[p] != before[p])
    assert differs == ["om-statistikken.html"]


def cache_entries(folder: Path) -> dict[Path, tuple[int, int, str]]:
    """Each cached chart's file: its inode and modification time (a chart made again is
    written anew, by rename, even with the same content) and its content's digest."""
    return {
        p: (p.stat().st_ino, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in folder.rglob("*.json")
    }


def test_adding_an_export_reuses_cached_charts(tmp_path: Path):
    content = make_content(tmp_path / "content", "tiltak-2017.txt")
    out, cache = tmp_path / "site", tmp_path / ".cache"
    build_undrawn(BuildConfig(content=content, out=out, cache=cache))
    charts_before = cache_entries(cache / "charts")
    assert charts_before
    shutil.copy(REFORM / "tiltak-2018.txt", content / "tiltak-2018.txt")
    result = build_undrawn(BuildConfig(content=content, out=out, cache=cache))
    assert result.pages == 1 + 4 + 2 + 1
    charts_after = cache_entries(cache / "charts")
    # A chart taken from the cache leaves its file alone; a chart made again rewrites it. Sør-
    # and Nord-Trøndelag end in 2017: their pages' charts must come from the cache.
    rewritten = sorted(p.name for p in charts_before if charts_after.get(p) != charts_before[p])
    assert not rewritten, f"{len(rewritten)} cached charts were made again: {rewritten[:5]}"
    # Only the charts whose data changed were made: fewer than the build has.
    made = len(charts_after.keys() - charts_before.keys())
    assert 0 < made < result.charts, (made, result.charts)


# ---- served under a sub-path ------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src"}.get(tag)
        for name, value in attrs:
            if value and (name == wanted or (tag == "script" and name == "data-charts")):
                self.links.append(value)  # charts.js loads the page's chart specs from here
            elif value and tag == "script" and name == "data-vendor":
                self.links.append(value + "vega.min.js")  # … and Vega from this folder


def test_crawl_under_a_sub_path_finds_no_broken_link(reform_site: Path, tmp_path: Path):
    root = tmp_path / "www"
    shutil.copytree(reform_site, root / "repo")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
    try:
        seen: set[str] = set()
        queue = [base + "index.html"]
        pages = 0
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    kind = response.headers.get_content_type()
            except urllib.error.HTTPError as error:
                pytest.fail(f"{url}: {error.code}")
            if kind != "text/html":
                continue
            pages += 1
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.links:
                target = urljoin(url, link).split("#")[0]
                if urlsplit(target).netloc == urlsplit(base).netloc:
                    assert target.startswith(base), f"{url} leaves the sub-path: {link}"
                    queue.append(target)
        assert pages == 8  # every page: front page, 4 counties, 2 groups, about
        assert base + "data/deltakere.csv" in seen
        assert base + "static/site.css" in seen
        assert base + "static/vendor/vega.min.js" in seen
        assert any(url.startswith(base + "fylke/") and ".charts.js?v=" in url for url in seen)
    finally:
        server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
