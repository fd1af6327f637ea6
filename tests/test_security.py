"""Nothing that comes from an export or from content/ is active on any page.

Region names are matched against the reference list, so names from an export reach the site
only as tiltaksgruppe and hovedgruppe names (and table titles); content/ adds Markdown pages and
introductions. A site is built here from an export and Markdown full of injection attempts
(`<script>`, quotes, `</script>`, `<!--`, `javascript:`, event handlers), and every page, CSV
and JSON file is checked: the names are there, as text, and nothing of them is markup, a URL or
a script. Then every page is opened in Chromium: no dialog, no console or page error, no CSP
violation, also while the live charts show their tooltips. Last, file names made from names
are safe, and two names that would share a file name fail the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import download_files
import pytest
from bs4 import BeautifulSoup
from chart_scripts import SCRIPT_URL, page_specs
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import BuildError
from generator.output.html import markdown_to_html, safe_url
from generator.render.vega import script_json
from generator.source import groups
from generator.source.regions import slugify

TESTS = Path(__file__).resolve().parent
SMALL = TESTS / "exports" / "small.txt"
HYPOTHESIS = {"deadline": None, "derandomize": True, "database": None}

GROUP = 'Opplæring <script>alert("tg1")</script>'
GROUP_2 = "javascript:alert(2)// \"sitat\" 'enkel' </script><!-- <img src=x onerror=alert(3)>"
MAIN = "Arbeidssøkere <svg onload=alert(4)> på tiltak"
NAMES = [GROUP, GROUP_2, MAIN]
# Substrings that are markup or a script wherever they appear unescaped in a page.
ACTIVE = ["<script>alert", "<img src=x", "<svg onload", "<!-- <img", "</script><!--"]
# The scripts a page may load: charts.js, which adds the vendored scripts and the page's
# chart specs (a script beside the page, read strictly by chart_scripts); nothing else runs.
SCRIPTS = {"charts.js"}
VENDOR = "static/vendor/"
FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "applet", "base", "form", "style",
                  "foreignobject", "template", "noscript"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}


def table(subtitle: str, name: str, rows: list[str]) -> str:
    return (
        f"Deltakere <script>alert(5)</script> i arbeidsrettede tiltak\n\n{subtitle}\n\n"
        f"Januar - Mars 2017\n\n{name}\n\n\tJanuar\tFebruar\tMars\n" + "\n".join(rows) + "\n\n\n"
    )


EXPORT = (
    table(
        "Fylke og tiltaksgruppe",
        GROUP,
        [
            "I alt\t1 210\t1 203\t15",
            "Oslo\t1 000\t1 100\t*",
            "Rogaland\t200\t*\t12",
            "Ukjent\t10\t100\t*",
        ],
    )
    + table(
        "Fylke og tiltaksgruppe",
        GROUP_2,
        ["I alt\t17\t18\t9", "Oslo\t7\t8\t*", "Rogaland\t10\t10\t6"],
    )
    + table(
        "Fylke, hovedgrupper og tiltaksgrupper",
        f"{MAIN}, {GROUP[0].lower()}{GROUP[1:]}",
        [
            "I alt\t1 000\t1 001\t6",
            "Oslo\t900\t1 000\t*",
            "Rogaland\t100\t*\t4",
            "Ukjent\t10\t100\t*",
        ],
    )
    + table(
        "Fylke, hovedgrupper og tiltaksgrupper",
        f"{MAIN}, {GROUP_2}",
        ["I alt\t17\t18\t9", "Oslo\t7\t8\t*", "Rogaland\t10\t10\t6"],
    )
)
ABOUT_TITLE = "Om </title><script>alert(6)</script>"
ABOUT = f"""title: {ABOUT_TITLE}
lead: "><script>alert(7)</script> <img src=x onerror=alert(8)>

# Om statistikken

<script>alert(9)</script>

[lenke](javascript:alert(10)) [lenke2](&#106;avascript:alert(11)) [lenke3](JaVa\tScRiPt:alert(12))
[data](data:text/html,<script>alert(13)</script>) [nav](https://www.nav.no)

Avsnitt med handler
{{: onclick="alert(14)" style="color:red" }}

![bilde](javascript:alert(15)){{: onerror="alert(16)" }}

`</script><!--`
"""
INTRO = "Intro <img src=x onerror=alert(17)> [x](javascript:alert(18)) <!-- kommentar\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the hostile export and Markdown (not strict: its sums are off)."""
    from generator.build import build
    from generator.config import BuildConfig

    work = tmp_path_factory.mktemp("hostile")
    content = work / "content"
    (content / "intro").mkdir(parents=True)
    (content / "hostile.txt").write_text(EXPORT, "utf-8")
    (content / "om-statistikken.md").write_text(ABOUT, "utf-8")
    (content / "intro" / "index.md").write_text(INTRO, "utf-8")
    (content / "intro" / "tiltaksgruppe").mkdir()
    (content / "intro" / "tiltaksgruppe" / f"{slugify(GROUP)}.md").write_text(INTRO, "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)  # the chart cache goes beside the content
        known = groups.default_group_names().with_names([GROUP, GROUP_2], [MAIN])
        patch.setattr(groups, "default_group_names", lambda: known)  # names NAV does not use
        build(BuildConfig(content=content, out=work / "site"))
    return work / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# ---- the built pages --------------------------------------------------------------------------


def test_the_hostile_names_made_it_onto_the_site(hostile_site: Path):
    """The test means something only if the names reached the pages, as visible text."""
    names = {p.name for p in (hostile_site / "tiltaksgruppe").glob("*.html")}
    assert names == {f"{slugify(GROUP)}.html", f"{slugify(GROUP_2)}.html"}
    text = soup(hostile_site / "index.html").get_text()
    for name in NAMES:
        assert name in text, name
    page = soup(hostile_site / "tiltaksgruppe" / f"{slugify(GROUP_2)}.html")
    assert page.h1.get_text() == f"Deltakere i tiltaksgruppen {GROUP_2}"
    assert GROUP_2 in page.title.get_text()
    about = soup(hostile_site / "om-statistikken.html")
    assert ABOUT_TITLE in about.title.get_text()
    assert "<script>alert(9)</script>" in about.get_text()


def test_no_page_holds_markup_or_script_from_the_names(hostile_site: Path):
    for path in [*pages(hostile_site), *sorted(hostile_site.rglob("*.charts.js"))]:
        raw = path.read_text("utf-8")
        for active in ACTIVE:
            assert active not in raw, f"{path.name}: {active!r} unescaped"


def test_no_element_can_run_code(hostile_site: Path):
    """No inline script, event handler, inline style, unsafe URL or embedding element."""
    for path in pages(hostile_site):
        where = path.relative_to(hostile_site).as_posix()
        for tag in soup(path).find_all(True):
            assert tag.name.lower() not in FORBIDDEN_TAGS, f"{where}: <{tag.name}>"
            for name, value in tag.attrs.items():
                lowered = name.lower()
                assert not lowered.startswith("on"), f"{where}: <{tag.name} {name}>"
                assert lowered != "style", f"{where}: <{tag.name} style>"
                if lowered in URL_ATTRIBUTES:
                    text = " ".join(value) if isinstance(value, list) else value
                    favicon = tag.name == "link" and text == "data:,"
                    assert safe_url(text) or favicon, f"{where}: <{tag.name} {name}={text!r}>"
            if tag.name == "meta":
                assert (tag.get("http-equiv") or "").lower() != "refresh", where
            if tag.name == "script":
                check_script(where, tag)


def check_script(where: str, tag: Any) -> None:
    """Only charts.js, from the site itself, told where the vendored scripts and the page's
    chart specs are: no inline script, not even JSON."""
    src = tag.get("src") or ""
    assert Path(src).name in SCRIPTS and not tag.string, f"{where}: {tag}"
    prefix = src.removesuffix("static/charts.js")
    assert re.fullmatch(r"(\.\./)*", prefix), f"{where}: {src}"
    assert tag.get("data-vendor") == prefix + VENDOR, f"{where}: {tag}"
    assert SCRIPT_URL.fullmatch(tag.get("data-charts") or ""), f"{where}: {tag}"
    assert tag["data-charts"].startswith(prefix) and "//" not in tag["data-charts"], where


def test_chart_specs_keep_every_name_exactly(hostile_site: Path):
    """Escaped, not dropped: the chart specs hold the names character for character, and
    their scripts hold nothing but the specs (chart_scripts reads them strictly)."""
    found: set[str] = set()
    for path in pages(hostile_site):
        for specs in page_specs(path).values():
            found.update(strings(specs))
    for name in NAMES:
        assert any(name in s for s in found), name


def test_svg_text_is_escaped(hostile_site: Path):
    for path in pages(hostile_site):
        for svg in soup(path).find_all("svg"):
            assert not svg.find_all(["script", "foreignobject", "a"]), path
            for tag in svg.find_all(True):
                assert not any(a.lower().startswith("on") for a in tag.attrs), path


def test_every_page_has_a_strict_content_security_policy(hostile_site: Path):
    for path in pages(hostile_site):
        doc = soup(path)
        metas = doc.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, path
        policy = {
            part.split()[0]: part.split()[1:]
            for part in metas[0]["content"].split(";")
            if part.strip()
        }
        assert policy["default-src"] == ["'self'"], path
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["base-uri"] == ["'none'"], path
        head = [t for t in doc.head.find_all(True)]
        first_loaded = next(i for i, t in enumerate(head) if t.name in {"script", "link", "style"})
        assert head.index(metas[0]) < first_loaded, f"{path}: the policy must come first"


def test_markdown_links_and_attributes_are_made_safe(hostile_site: Path):
    about = soup(hostile_site / "om-statistikken.html")
    links = {a.get_text(): a.get("href") for a in about.select("main a")}
    assert links["nav"] == "https://www.nav.no"
    for name in ["lenke", "lenke2", "lenke3", "data"]:
        assert links[name] is None, name
    assert about.find("img", alt="bilde").get("src") is None
    intro = soup(hostile_site / "index.html").find("main").get_text()
    assert "Intro <img src=x onerror=alert(17)>" in intro


# ---- downloads --------------------------------------------------------------------------------

FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+\-−]?[\d\s\u00a0.,–−%+\-]*$")


def test_csv_downloads_hold_the_names_as_plain_cells(hostile_site: Path):
    cells: set[str] = set()
    for path in sorted(hostile_site.rglob("*.csv")):
        rows = download_files.csv_rows(path)  # for programs or for Excel
        for row in rows:
            for cell in row:
                cells.add(cell)
                if FORMULA.match(cell):
                    assert NUMBER.match(cell), f"{path.name}: {cell!r} would run as a formula"
    for name in NAMES:
        assert any(name in cell for cell in cells), name


def test_json_downloads_hold_the_names_exactly(hostile_site: Path):
    found: set[str] = set()
    for path in sorted((hostile_site / "data").rglob("*.json")):
        found.update(strings(json.loads(path.read_text("utf-8"))))
    for name in [GROUP, GROUP_2]:
        assert name in found, name
    assert MAIN in found


# ---- in a real browser ------------------------------------------------------------------------


def test_nothing_runs_in_a_real_browser(hostile_site: Path, browser: Any):
    """Every page in Chromium: no dialog, error or CSP violation, charts live, tooltips shown."""
    from browser_support import PageOpener, collect_problems, serve, wait_until_live

    dialogs: list[str] = []
    tooltips: list[str] = []
    with serve(hostile_site) as url:
        opener = PageOpener(browser, url)
        try:
            for path in pages(hostile_site):
                where = path.relative_to(hostile_site).as_posix()
                opened = opener(where)
                opened.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                if opened.page.query_selector("figure.chart"):
                    wait_until_live(opened, where)
                    tooltips += hover_all(opened.page)
                injected = opened.page.evaluate(INJECTED)
                problems = collect_problems(opened).report()
                assert not problems, f"{where}:\n{problems}"
                assert injected == [], f"{where}: {injected}"
                assert dialogs == [], f"{where}: dialogs {dialogs}"
        finally:
            opener.close_all()
    assert any(GROUP in text or GROUP_2 in text for text in tooltips), "no tooltip showed a name"


# Elements the payloads would create if any of them were parsed as markup.
INJECTED = """
() => Array.from(document.querySelectorAll(
  'script:not([src]), img[src="x"], [onerror], [onload],' +
  ' [onclick]'
)).map(el => el.outerHTML.slice(0, 120))
"""


def hover_all(page: Any) -> list[str]:
    """Hover live chart marks, so the tooltips show the names; the tooltip texts seen."""
    marks = page.locator(".chart-live svg g.role-mark > path, .chart-live svg g.role-mark > rect")
    seen = []
    for index in range(min(marks.count(), 30)):
        mark = marks.nth(index)
        box = mark.bounding_box()
        if box and box["width"] * box["height"] > 0:
            mark.scroll_into_view_if_needed()
            box = mark.bounding_box() or box
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(30)
            seen.append(page.evaluate(TOOLTIP_TEXT))
    return [text for text in seen if text]


TOOLTIP_TEXT = """
() => {
  const el = document.getElementById("vg-tooltip-element");
  return el && el.classList.contains("visible") ? el.textContent : "";
}
"""


# ---- the pieces ------------------------------------------------------------------------------


JSON_VALUES = st.recursive(
    st.text() | st.integers() | st.booleans() | st.none(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
)


@settings(max_examples=100, **HYPOTHESIS)
@given(value=JSON_VALUES)
def test_script_json_never_breaks_out_and_reads_back(value: Any):
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.nav.no/x", True),
        ("mailto:statistikk@nav.no", True),
        ("fylke/oslo.html#tbl-x", True),
        ("#innhold", True),
        ("//example.org/x", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("&#x6A;avascript&colon;alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url(url: str, safe: bool):
    assert safe_url(url) is safe


MARKDOWN_PIECES = [
    "Tekst ", "<script>alert(1)</script>", "[a](javascript:alert(1))", "\n\n",
    '{: onclick="alert(1)" }', "![b](vbscript:x)", "&#106;avascript:", "# Tittel\n",
    "[c]: javascript:alert(2)\n", "[c]", '{: style="x" #id .cls }', "<!--", "`</script>`",
    "<a href=javascript:alert(3)>", "- punkt\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
]  # fmt: skip


@settings(max_examples=60, **HYPOTHESIS)
@given(pieces=st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=12))
def test_markdown_never_produces_active_html(pieces: list[str], tmp_path_factory):
    path = tmp_path_factory.mktemp("md") / "side.md"
    path.write_text("".join(pieces), "utf-8")
    html, _meta = markdown_to_html(path)
    doc = BeautifulSoup(html, "html.parser")
    assert not doc.find_all(["script", "style", "iframe", "object", "embed"])
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on") and name.lower() != "style", tag
            if name in {"href", "src"}:
                assert safe_url(value), tag


@settings(max_examples=300, **HYPOTHESIS)
@given(st.text())
def test_slugs_are_safe_file_names(name: str):
    slug = slugify(name)
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug), slug


def test_a_path_in_a_group_name_stays_a_plain_file_name():
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("..\\..\\windows") == "windows"
    assert slugify("/absolute/x.html") == "absolute-x-html"


def test_the_writer_refuses_to_leave_the_site_folder(tmp_path: Path):
    from generator.output.writer import SiteWriter

    for name in ["../outside.html", "/tmp/outside.html", "a/../../outside.html"]:
        with pytest.raises(BuildError), SiteWriter(tmp_path / "site") as writer:
            writer.add(name, b"x")
    assert not (tmp_path / "outside.html").exists()
    assert not (tmp_path / "site").exists()


# ---- names that would share a file ------------------------------------------------------------


def clash_build(tmp_path: Path, export: str, extra: dict[str, str]) -> BuildError:
    """Build ``export`` (and extra content files); the build's error, with nothing written."""
    from generator.build import build
    from generator.config import BuildConfig

    content = tmp_path / "content"
    content.mkdir()
    (content / "export.txt").write_text(export, "utf-8")
    for name, text in extra.items():
        (content / name).write_text(text, "utf-8")
    with pytest.MonkeyPatch.context() as patch, pytest.raises(BuildError) as caught:
        patch.chdir(tmp_path)
        build(BuildConfig(content=content, out=tmp_path / "site"))
    assert not (tmp_path / "site").exists()
    assert "\n" not in str(caught.value)
    return caught.value


def small_with_group(name: str) -> str:
    """The small export with its second tiltaksgruppe renamed."""
    text = SMALL.read_text("utf-8")
    old = "Jobbskaping og\negenetablering"
    text = text.replace(old, name).replace(old.lower(), name.lower())
    return text.replace("jobbskaping og egenetablering", name.lower())


def test_two_groups_with_one_file_name_fail(tmp_path: Path):
    error = clash_build(tmp_path, small_with_group("OPPLÆRING!"), {})
    assert "both give the file name 'opplaering'" in str(error)


def test_a_group_named_like_a_county_overwrites_nothing(tmp_path: Path):
    """Either the build refuses the name, or county and group pages link distinct files."""
    from generator.build import build
    from generator.config import BuildConfig

    content = tmp_path / "content"
    content.mkdir()
    (content / "export.txt").write_text(small_with_group("Oslo"), "utf-8")
    site = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        try:
            build(BuildConfig(content=content, out=site))
        except BuildError as error:
            assert "oslo" in str(error).lower() and "\n" not in str(error)
            assert not site.exists()
            return

    def downloads(page: str) -> set[str]:
        doc = soup(site / page)
        return {a["href"].removeprefix("../") for a in doc.select("a[href$='.csv']")}

    shared = downloads("fylke/oslo.html") & downloads("tiltaksgruppe/oslo.html")
    assert not shared - {"data/deltakere.csv"}, shared


def test_a_markdown_page_named_like_a_generated_page_fails(tmp_path: Path):
    error = clash_build(tmp_path, SMALL.read_text("utf-8"), {"index.md": "# Forside\n\nTekst.\n"})
    assert "index" in str(error)
