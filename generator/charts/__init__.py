"""Vega-Lite specs for the planned figures, made with Altair: one module per chart kind.

Every chart function takes the planned points (``generator.plan.chart_input.Point``), one per
value, each classified by ``generator.numbers.Kind``:

- ``key``: the month (``"YYYY-MM"``) for time-series charts, or the category for bars by
  category (points keep their order); ``serie``: the series name (tiltaksgruppe, hovedgruppe,
  fylke, ...), empty for bars by category;
- ``kind``: exact, hidden (a single ``*`` in the export, a count from 0 to 3), a range (a figure
  computed from hidden cells) or missing (no value at all);
- ``value``: the exact value, else None; ``lo``, ``hi``: the bounds of an exact value or range;
- ``tekst``: the value as people read it ("18 344", "skjult (0–3)", "1 200–1 209").

Privacy is built in, not left to the caller: a hidden cell reaches the spec with no number at all
(its point has none, so ``verdi``, ``lo`` and ``hi`` in the spec are null), and no renderer can
draw it as 0; it is drawn as a marker or the word "skjult" instead. A range is drawn as a band
or an error bar, never as one point.

The functions return plain dicts (``chart.to_dict()``) with the data inlined, so the static SVG
(vl-convert) and the browser (Vega) need nothing else. The output is deterministic: the same
points give the same JSON. The chart title is not drawn (the page's figcaption carries it);
it is kept in ``spec["usermeta"]["title"]``. ``spec["description"]`` is the text for the SVG's
aria-label: vl-convert does not put it on the root ``<svg>``, so whoever inlines the SVG adds
``role="img"`` and ``aria-label`` from it. ``config.aria`` is off, which hides axes, marks and
the key from screen readers (they would be read out in English and mark by mark); the summary
and the table carry the content instead. A key explaining hidden values and ranges is drawn
under the chart (as a bottom-oriented ``title``) only when such values occur.

Month labels on the axes are spelled out in the spec (jan, feb, ...), so they do not depend on
the renderer's time locale; number formats on the axes (``value_format``) do use the number
locale, which must be Norwegian (decimal comma, no-break-space thousands) in both renderers.

The package: :mod:`.style` (colours, font, the Vega config), :mod:`.outline` (how Altair
assembles a spec), :mod:`.scales` (domains, axes and month steps worked out before rendering),
:mod:`.rows` (the inline rows), :mod:`.layers` and :mod:`.bar_layers` (marks the kinds share),
one module per kind (:mod:`.line`, :mod:`.small_multiples`, :mod:`.bars`, :mod:`.month_bars`)
and :mod:`.registry`, which looks a planned chart's kind up by name.
"""
