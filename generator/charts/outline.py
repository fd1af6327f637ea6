"""How a spec is put together: Altair for the outline, plain Vega-Lite dicts for the rest.

Altair assembles each spec, but only its outline: the top-level spec, the layers, the data
reference and the key are Altair objects, while marks, channels, axes, scales, transforms and
tooltips are written as the plain Vega-Lite dicts that ``to_dict`` would make of them.
Built the usual way, a spec took as long to make as to render: Altair's channel and axis
classes carry some hundred unset keywords each, every chained call (``mark_*``, ``encode``,
``transform_filter``, ``properties``, ``layer``, ``facet``, ``resolve_*``) deep-copies the
whole chart, and shorthand such as "yearmonth(periode):T" is parsed anew each time. For the
same reason the outline uses Altair's schema classes (``TopLevelLayerSpec``, ``UnitSpec``,
...) rather than ``Chart``/``LayerChart``/``FacetChart``, whose constructors deep-copy every
layer twice more; what those add in ``to_dict`` is the schema URL, given here, and the theme's
config, which :func:`finish` replaces with the house style anyway.
"""

from __future__ import annotations

import functools
import hashlib
import json
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, ParamSpec, cast

import altair as alt
from altair.utils.schemapi import SchemaBase, debug_mode

from generator.charts.style import MUTED_INK, config

Channel = dict[str, Any]
Datasets = dict[str, list[dict[str, Any]]]
_P = ParamSpec("_P")


class Verbatim(SchemaBase):
    """A part of the outline already written as Vega-Lite (dicts, lists, strings, numbers).

    ``to_dict`` hands it on as it is: walking it, Altair checks every string and number
    against its protocols one by one, which took most of the time of making a spec.
    """

    _schema: ClassVar[dict[str, Any]] = {}  # validated with the whole spec, by the tests

    def __init__(self, value: Any) -> None:
        super().__init__(value)

    def to_dict(self, *args: Any, **kwargs: Any) -> Any:
        return self._args[0]


def unvalidated(make: Callable[_P, dict[str, Any]]) -> Callable[_P, dict[str, Any]]:
    """Build with Altair's debug mode off.

    In debug mode (Altair's default) every schema object is validated as it is made, which
    costs ten times as much as building the spec; tests validate every kind instead.
    """

    @functools.wraps(make)
    def build(*args: _P.args, **kwargs: _P.kwargs) -> dict[str, Any]:
        with debug_mode(False):
            return make(*args, **kwargs)

    return build


def clean(x: float | None) -> int | float | None:
    """JSON-friendly number: whole numbers as int so the spec reads "18344", not "18344.0"."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def js_str(text: str | None) -> str:
    """A string literal for a Vega expression."""
    return "'" + (text or "").replace("\\", "\\\\").replace("'", "\\'") + "'"


def field(name: str, kind: str = "quantitative", **props: Any) -> Channel:
    """A field channel, as ``alt.X("name:Q", ...)`` and the like would write it."""
    return {"field": name, "type": kind, **props}


def top_level(
    *,
    title: str,
    description: str,
    notes: Sequence[str],
    autosize: dict[str, Any] | None,
    padding: dict[str, int] | None = None,
    width: int | None = None,
) -> dict[str, Any]:
    """Schema URL, description and key: top-level properties, given to the spec as it is made."""
    props: dict[str, Any] = {
        "$schema": alt.SCHEMA_URL,
        "description": description or title,
        "usermeta": {"title": title},
    }
    if notes:
        # The key does not wrap by itself: break it to the chart's width.
        chars = max(30, int(width / 6.6)) if width else 200
        lines = [line for note in notes for line in textwrap.wrap(note, chars)]
        props["title"] = alt.TitleParams(
            text=lines,
            orient="bottom",
            anchor="start",
            frame="group",
            offset=14,
            fontSize=11,
            fontWeight="normal",
            color=MUTED_INK,
            lineHeight=15,
            # The key repeats what the page's notes say; Vega would read it out in English
            # wording ("Title text ..."), so it stays out of the accessibility tree.
            aria=False,
        )
    if autosize:
        props["autosize"] = autosize
    if padding:
        props["padding"] = padding
    return props


def finish(
    chart: alt.TopLevelLayerSpec | alt.TopLevelFacetSpec, datasets: Datasets
) -> dict[str, Any]:
    """The spec as a dict, with the rows of its named datasets and the house style."""
    # Schema validation costs more than building the chart; tests validate every kind instead.
    spec = chart.to_dict(validate=False)
    spec["datasets"] = {name: datasets[name] for name in sorted(datasets)}
    spec["config"] = config()
    return spec


def layered(
    layers: list[alt.UnitSpec],
    data: alt.NamedData,
    datasets: Datasets,
    *,
    width: int,
    height: int | dict[str, Any],
    title: str,
    description: str,
    notes: Sequence[str],
    autosize: dict[str, Any],
    padding: dict[str, int],
) -> dict[str, Any]:
    """A chart of layers over one dataset, finished as a spec dict."""
    chart = alt.TopLevelLayerSpec(
        layer=layers,
        data=data,
        width=width,
        height=height,
        **top_level(
            title=title,
            description=description,
            notes=notes,
            autosize=autosize,
            padding=padding,
            width=width,
        ),
    )
    return finish(chart, datasets)


def layer(
    mark: dict[str, Any],
    *,
    where: str | None = None,
    data: alt.NamedData | None = None,
    dates: dict[str, str] | None = None,
    **encoding: Channel | list[Channel],
) -> alt.UnitSpec:
    """One layer: a mark, its channels and an optional filter, all given as Vega-Lite dicts.

    ``dates`` parses fields of the layer's own data as local-time dates (field → format).
    A layer's data cannot carry ``format.parse`` for this: Vega-Lite drops it there, and the
    label or rule would then stand at the first month instead of its own.
    """
    return encoded_layer(mark, encoding, where=where, data=data, dates=dates)


def encoded_layer(
    mark: dict[str, Any],
    encoding: dict[str, Channel | list[Channel]],
    *,
    where: str | None = None,
    data: alt.NamedData | None = None,
    dates: dict[str, str] | None = None,
) -> alt.UnitSpec:
    """:func:`layer` with its channels in one dict, for channels chosen at run time."""
    transform = [
        {"calculate": f"timeParse(datum[{js_str(name)}], {js_str(fmt)})", "as": name}
        for name, fmt in (dates or {}).items()
    ]
    if where:
        transform.append({"filter": where})
    return alt.UnitSpec(
        data=alt.Undefined if data is None else data,
        mark=Verbatim(mark),
        encoding=Verbatim(encoding),
        # Altair types this as a list of transform objects; the verbatim list serialises alike.
        transform=cast(Any, Verbatim(transform)) if transform else alt.Undefined,
    )


# The rows go into the spec's top-level ``datasets`` (:func:`finish`), and the charts name them.
# Altair's ``to_dict`` walks everything a spec holds, value by value; a named dataset is a short
# reference, and identical rows in two layers are stored once.
def data(
    records: list[dict[str, Any]], datasets: Datasets, *, months: bool = True
) -> alt.NamedData:
    """Data by name; periode is parsed as a local-time month so every renderer agrees.

    The name is a digest of the rows, so the same rows always give the same spec.
    """
    text = json.dumps(records, sort_keys=True, ensure_ascii=False)
    name = "data-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    datasets[name] = records
    if not months:
        return alt.NamedData(name=name)
    return alt.NamedData(name=name, format={"parse": {"periode": "date:'%Y-%m'"}})
