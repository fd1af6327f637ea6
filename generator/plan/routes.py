"""Where every file of the site goes, and how its pages link to each other.

Pages, downloads, the CSV behind each table, chart scripts and static files are all named
here, so a path is spelt once, and a name that would overwrite another's file (a slug clash)
is caught by one check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from generator.errors import BuildError
from generator.source.regions import slug_clash, slugify

INDEX = "index.html"
NOT_FOUND = "404.html"
ABOUT = "om-statistikken.html"  # the Markdown page that also shows provenance and checks
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NO_JEKYLL = ".nojekyll"  # tells GitHub Pages to publish the files as they are

DATASET_CSV = "data/deltakere.csv"  # for programs: comma-separated UTF-8 without a BOM
DATASET_JSON = "data/deltakere.json"
DATASET_XLSX = "data/deltakere.xlsx"
REVISIONS_CSV = "data/revisjoner.csv"
KOMMUNER_CSV = "data/kommuner.csv"  # NAV's "Tiltak og kommune" records, where there are any
KOMMUNER_JSON = "data/kommuner.json"
KOMMUNER_XLSX = "data/kommuner.xlsx"
CHECKS_JSON = "data/kontroller.json"
DATA_PACKAGE = "data/datapackage.json"  # a Frictionless Data Package describing data/
SCHEMA_FOLDER = "data/skjema"  # Table Schemas the data package shares between its files
FEED = "feed.xml"  # Atom: one entry per published month and per revision batch
SHARE_FOLDER = "deling"  # the share-card images, one per page
FIGURE_FOLDER = "figurer"  # the figures to download, SVG and PNG; pictures, not data/

INDEX_KEY = "forside"  # the front page's name in its table ids and its CSV
COUNTY = "fylke"  # the section, folder and table-id prefix of county pages
GROUP = "tiltaksgruppe"  # the same for tiltaksgruppe pages

INTRO_FOLDER = "intro"  # content/intro/<page path without .html>.md introduces a page


def page_stem(path: str) -> str:
    """A page's path without ".html": "fylke/oslo.html" → "fylke/oslo"."""
    return path.removesuffix(".html")


RESERVED_STEMS = frozenset({page_stem(INDEX), page_stem(NOT_FOUND)})
"""Pages the build makes itself, which a Markdown page may not replace."""


def markdown_page(stem: str) -> str:
    """The page made of content/<stem>.md."""
    return f"{stem}.html"


def table_csv(table_id: str) -> str:
    """The CSV of exactly one table."""
    return f"data/tabeller/{table_id}.csv"


def page_csv(key: str) -> str:
    """The CSV of the dataset rows a page shows."""
    return f"data/sider/{key}.csv"


def figure_file(fig_id: str, extension: str) -> str:
    """A figure to download, as a picture: "figurer/forside-kart.png"."""
    return f"{FIGURE_FOLDER}/{fig_id}.{extension}"


def spreadsheet(csv_path: str) -> str:
    """The Excel workbook beside a CSV download: "data/tabeller/x.csv" → "data/tabeller/x.xlsx"."""
    return f"{csv_path.removesuffix('.csv')}.xlsx"


def table_schema(name: str) -> str:
    """A Table Schema the data package points to: "data/skjema/tabell.json"."""
    return f"{SCHEMA_FOLDER}/{name}.json"


def share_image(page_path: str) -> str:
    """A page's share card: "fylke/oslo.html" → "deling/fylke/oslo.png"."""
    return f"{SHARE_FOLDER}/{page_stem(page_path)}.png"


def static_file(relative: str) -> str:
    """A file copied from generator/static/."""
    return f"static/{relative}"


def charts_script(page_path: str) -> str:
    """The script with a page's chart specs, beside it: "fylke/oslo.charts.js"."""
    return f"{page_stem(page_path)}.charts.js"


def versioned(path: str, content: bytes) -> str:
    """The URL of a file with a hash of its content, so a browser never uses a stale copy."""
    return f"{path}?v={hashlib.sha256(content).hexdigest()[:12]}"


def root_of(page_path: str) -> str:
    """The relative prefix from a page to the site root, so the site works from any base."""
    return "../" * page_path.count("/")


def link(from_page: str, to_path: str) -> str:
    """A relative link from one page of the site to another file of it."""
    return f"{root_of(from_page)}{to_path}"


def intro_source(content: Path, page_path: str) -> Path:
    """The Markdown file that introduces a page, whether it exists or not."""
    return content / INTRO_FOLDER / f"{page_stem(page_path)}.md"


def unique_slugs(names: Sequence[str], kind: str) -> dict[str, str]:
    """Each name's slug; a build error if two would share a file or one has none."""
    clash = slug_clash(names)
    if clash is not None:
        name = names[clash.index]
        if clash.earlier is None:
            raise BuildError(f"{kind} {name!r} gives an empty file name: expected letters")
        raise BuildError(
            f"{kind} {name!r} and {names[clash.earlier]!r} both give the file name "
            f"{clash.slug!r}: expected distinct names"
        )
    return {name: slugify(name) for name in names}


class Routes:
    """The paths of the county and tiltaksgruppe pages, and of what is named after them."""

    def __init__(self, counties: Sequence[str], groups: Sequence[str]) -> None:
        self.county_slugs = unique_slugs(counties, COUNTY)
        self.group_slugs = unique_slugs(groups, GROUP)

    def county_key(self, name: str) -> str:
        """The county page's name in its table ids and CSV; it names the page kind, because a
        tiltaksgruppe may share the county's slug."""
        return f"{COUNTY}-{self.county_slugs[name]}"

    def group_key(self, name: str) -> str:
        return f"{GROUP}-{self.group_slugs[name]}"

    def county_page(self, name: str) -> str:
        return f"{COUNTY}/{self.county_slugs[name]}.html"

    def group_page(self, name: str) -> str:
        return f"{GROUP}/{self.group_slugs[name]}.html"

    def county_csv(self, name: str) -> str:
        return page_csv(self.county_key(name))

    def group_csv(self, name: str) -> str:
        return page_csv(self.group_key(name))
