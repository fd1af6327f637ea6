"""The build: make the whole site, staging each file as it is made, then swap it in at once.

A failure at any stage leaves the previous site untouched, because only the writer touches the
output folder and it swaps the new site in at the end. A build whose inputs have not changed
since the last one, into an untouched output folder, is skipped; this module keeps its imports
light so that finding this out takes a fraction of a second.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import PACKAGE, BuildConfig, Settings, normal_base_url
from generator.errors import ContentError
from generator.output.folder import check_target, exclusive, remove_leftovers
from generator.output.manifest import Manifest, input_digest
from generator.output.writer import SiteWriter, WriteResult

if TYPE_CHECKING:
    from generator.assemble import Assembled
    from generator.render.cache import ChartCache

Progress = Callable[[str], None]
_M_MMAP_THRESHOLD = -3  # mallopt() parameter, from glibc's malloc.h


@dataclass(frozen=True)
class BuildResult:
    pages: int
    charts: int
    warnings: list[str]
    revisions: list[str]
    files: WriteResult
    seconds: float
    skipped: bool = False  # nothing changed since the last build


def _no_progress(_: str) -> None:
    pass


def _return_freed_memory() -> None:
    """Have the C allocator give large freed blocks back to the system at once.

    glibc serves a large block from its own mapping and unmaps it when freed, but the first
    such free raises that threshold (up to 32 MB): the pages, charts and specs a build makes
    one after another then come from a heap it seldom shrinks. Fixed at glibc's initial
    128 KiB, a ten-year build's main process peaks about 20 MB lower. Elsewhere, nothing.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError):
        pass


def _protected(config: BuildConfig) -> dict[str, Path]:
    """Folders the output folder must never be or hold: a build replaces it whole."""
    folders = {"content folder": config.content, "working directory": Path.cwd()}
    project = PACKAGE.parent
    if (project / "pyproject.toml").is_file():
        folders["project"] = project
    cache = config.cache_folder()
    if cache is not None:
        folders["cache folder"] = cache
    return folders


def build(
    config: BuildConfig, progress: Progress = _no_progress, notice: Progress = _no_progress
) -> BuildResult:
    """Build the site into ``config.out``, one build at a time per output folder; ``notice``
    hears what the user should know even off a terminal (that the build waits for another)."""
    started = time.perf_counter()
    if not config.content.is_dir():
        raise ContentError(f"{config.content}: content folder not found")
    check_target(config.out, _protected(config), config.out)
    config.out.resolve().parent.mkdir(parents=True, exist_ok=True)
    with exclusive(config.out.resolve(), notice):
        remove_leftovers(config.out.resolve())
        return _build(config, progress, notice, started)


def _build(
    config: BuildConfig, progress: Progress, notice: Progress, started: float
) -> BuildResult:
    settings = Settings.load(config.content)
    base_url = normal_base_url(settings.base_url if config.base_url is None else config.base_url)

    manifest = input_key = None
    cache_folder = config.cache_folder()
    if cache_folder is not None:
        manifest = Manifest(cache_folder, config.out)
        options = {"strict": config.strict, "base_url": base_url}
        input_key = input_digest(config.content, config.template_folders(), options)
        last = None if config.clean else manifest.unchanged(input_key, config.out)
        if last is not None:
            return BuildResult(
                pages=last.summary["pages"],
                charts=last.summary["charts"],
                warnings=last.summary["warnings"],
                revisions=last.summary["revisions"],
                files=WriteResult(0, len(last.outputs), 0),
                seconds=time.perf_counter() - started,
                skipped=True,
            )
    from generator.render.cache import ChartCache

    cache = ChartCache(cache_folder / "charts", read=not config.clean) if cache_folder else None
    site, written = _make(config, settings, base_url, cache, progress)
    if manifest is not None and input_key is not None:
        summary = {
            "pages": site.pages,
            "charts": site.charts,
            "warnings": site.warnings,
            "revisions": site.revisions,
        }
        manifest.save(input_key, config.out, summary)
    for store in (cache, manifest, *site.stores):  # what they bypassed: slower, the same site
        for trouble in store.troubles() if store else []:
            notice(trouble)
    return BuildResult(
        pages=site.pages,
        charts=site.charts,
        warnings=site.warnings,
        revisions=site.revisions,
        files=written,
        seconds=time.perf_counter() - started,
    )


def _make(
    config: BuildConfig,
    settings: Settings,
    base_url: str,
    cache: ChartCache | None,
    progress: Progress,
) -> tuple[Assembled, WriteResult]:
    """Read and check the inputs, then start the chart workers, make every file and swap the
    new site in."""
    from generator.assemble import assemble, read_inputs  # the heavy part: pandas, Jinja2
    from generator.render.pool import ChartMaker  # light: workers load vl-convert

    inputs = read_inputs(config, settings, progress)  # before any worker starts
    with ChartMaker(config.processes, cache) as maker:
        if cache is None or not cache.read or not cache.folder.is_dir():
            # A cold build makes every chart: the workers start while pages are planned.
            maker.start()
        _return_freed_memory()
        with SiteWriter(config.out, reuse=not config.clean) as writer:
            site = assemble(config, settings, base_url, inputs, writer.add, maker, progress)
            progress(f"publishing {site.files} files to {config.out}")
            return site, writer.commit()
