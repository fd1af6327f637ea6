"""Render pages to HTML with Jinja2, and Markdown from ``content/`` to HTML.

Content is text to publish, not code to run: raw HTML in Markdown is escaped, and what
Markdown itself can make is cut down to plain elements with safe attributes and links, so a
page holds no script, event handler or inline style (which the Content-Security-Policy would
block anyway, with an error in the console).
"""

from __future__ import annotations

import html as html_lib
import re
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import markdown
from markdown.treeprocessors import Treeprocessor

from generator.errors import BuildError, ContentError
from generator.plan.views import Page

MARKDOWN_EXTENSIONS = ["tables", "attr_list", "def_list", "toc", "sane_lists", "meta"]

# What an attribute list ({: ...}) or Markdown may set; event handlers and style may not.
SAFE_ATTRIBUTES = frozenset(
    {"id", "class", "title", "lang", "dir", "href", "src", "alt", "align", "colspan",
     "rowspan", "scope", "start", "type", "width", "height", "rel", "hreflang", "abbr"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these before reading a scheme


def safe_url(url: str) -> bool:
    """True for a relative URL or one with an http(s) or mailto scheme.

    The URL is read the way a browser reads it: entities decoded, control characters and
    spaces dropped, case ignored, so "&#106;ava\tscript:" is caught as javascript:.
    """
    plain = _URL_NOISE.sub("", html_lib.unescape(url)).lower()
    match = _SCHEME.match(plain)
    return match is None or match.group(1) in SAFE_SCHEMES


class _Sanitize(Treeprocessor):
    """Keep only safe attributes and links in the Markdown's element tree."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                value = element.attrib[name]
                unsafe_url = name in URL_ATTRIBUTES and not safe_url(value)
                if name.lower() not in SAFE_ATTRIBUTES or unsafe_url:
                    del element.attrib[name]


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


def markdown_to_html(path: Path) -> tuple[str, dict[str, str]]:
    """Render a Markdown file; return its HTML and its metadata (``title:`` and so on).

    Raw HTML in content is escaped: the content is text to publish, not markup to trust.
    """
    if not path.is_file():  # a FIFO or device would block the build or never end
        raise ContentError("not a regular file: expected a Markdown text file", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read the Markdown file: {exc.strerror}", path=path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8: expected the Markdown file saved as UTF-8",
            path=path,
            line=_line_of(data, exc.start),
        ) from None
    control = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if control:
        raise ContentError(
            f"binary or non-text character {control.group()!r}: expected Markdown text",
            path=path,
            line=text.count("\n", 0, control.start()) + 1,
        )
    md = markdown.Markdown(
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Last of all tree processors, so it sees every attribute the extensions added.
    md.treeprocessors.register(_Sanitize(md), "sanitize", -100)
    try:
        html = md.convert(text)
    except Exception as exc:  # markdown raises many kinds on malformed input
        raise ContentError(f"cannot render the Markdown: {exc}", path=path) from exc
    meta = {key: " ".join(values) for key, values in getattr(md, "Meta", {}).items()}
    return html, meta


def split_title(html: str) -> tuple[str, str]:
    """Take the first <h1> out of Markdown HTML as the page title; demote any other <h1>.

    The page template owns the only <h1>, so the heading outline has no gaps or doubles. The
    title is returned as plain text (entities decoded), since the template escapes it.
    """
    match = re.search(r"<h1[^>]*>(.*?)</h1>\s*", html, re.DOTALL)
    title = ""
    if match:
        title = html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
        html = html[: match.start()] + html[match.end() :]
    if re.search(r"<h1[\s>]", html):
        html = re.sub(r"<(/?)h([1-5])", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    return title, html


def _template_line(exc: BaseException, templates: list[Path]) -> str:
    """ "templates/x.html:12" of the innermost template frame of a traceback, if there is one."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".jinja", ".j2")):
            where = f"{_shown(Path(frame.filename), templates)}:{frame.lineno}"
    return where


def _shown(path: Path, templates: list[Path]) -> Path:
    """A template's path as the user knows it: "templates/page.html"."""
    for folder in templates:
        if path.is_relative_to(folder.parent):
            return path.relative_to(folder.parent)
    return path


class Renderer:
    def __init__(self, templates: list[Path]) -> None:
        """Templates are looked up in ``templates`` in order: the first folder holding a name
        wins, so a publisher's folder can replace single templates of ours."""
        self.templates = templates
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )

    def render(self, page: Page, site: object) -> str:
        """The page's HTML; any failure of a template is one ContentError naming file and line."""
        try:
            template = self.env.get_template(page.template)
            return template.render(page=page, site=site)
        except BuildError:
            raise
        except jinja2.TemplateSyntaxError as exc:
            where = _shown(Path(exc.filename), self.templates) if exc.filename else exc.name
            raise ContentError(
                f"{where}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        except jinja2.TemplateNotFound as exc:
            raise ContentError(
                f"template {exc.name!r} (for {page.path}) not found: expected the name of a "
                f"file in {self.templates[0].name}/"
            ) from exc
        except Exception as exc:  # a template can fail at run time in many ways
            where = _template_line(exc, self.templates) or page.template
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            raise ContentError(
                f"{where}: template error while rendering {page.path}: {message}"
            ) from exc
