"""Render pages to HTML with Jinja2, and Markdown from ``content/`` to HTML."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import markdown

from generator.errors import ContentError
from generator.views import Page

MARKDOWN_EXTENSIONS = ["tables", "attr_list", "def_list", "toc", "sane_lists", "meta"]


def markdown_to_html(path: Path) -> tuple[str, dict[str, str]]:
    """Render a Markdown file; return its HTML and its metadata (``title:`` and so on).

    Raw HTML in content is escaped: the content is text to publish, not markup to trust.
    """
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read Markdown: expected UTF-8 text ({exc})") from exc
    md = markdown.Markdown(
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    try:
        html = md.convert(text)
    except Exception as exc:  # markdown raises many kinds on malformed input
        raise ContentError(f"{path}: cannot render Markdown: {exc}") from exc
    meta = {key: " ".join(values) for key, values in getattr(md, "Meta", {}).items()}
    return html, meta


def split_title(html: str) -> tuple[str, str]:
    """Take the first <h1> out of Markdown HTML as the page title; demote any other <h1>.

    The page template owns the only <h1>, so the heading outline has no gaps or doubles.
    """
    match = re.search(r"<h1[^>]*>(.*?)</h1>\s*", html, re.DOTALL)
    title = ""
    if match:
        title = re.sub(r"<[^>]+>", "", match.group(1)).strip()
        html = html[: match.start()] + html[match.end() :]
    if re.search(r"<h1[\s>]", html):
        html = re.sub(r"<(/?)h([1-5])", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    return title, html


class Renderer:
    def __init__(self, templates: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )

    def render(self, page: Page, site: object) -> str:
        try:
            template = self.env.get_template(page.template)
            return template.render(page=page, site=site)
        except jinja2.TemplateSyntaxError as exc:
            raise ContentError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        except jinja2.TemplateNotFound as exc:
            raise ContentError(f"template {exc.name!r} not found in templates/") from exc
        except jinja2.UndefinedError as exc:
            raise ContentError(
                f"template {page.template!r} for {page.path}: {exc.message}"
            ) from exc
