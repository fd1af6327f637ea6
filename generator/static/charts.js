/*
 * Progressive enhancement for charts: each figure.chart ships a static SVG in the page. Once
 * vega has drawn the same chart live (with hover tooltips), the live SVG takes the static
 * one's place. If anything fails, the static SVG simply stays.
 *
 * Loaded deferred on pages with charts, as
 *   <script defer src=".../charts.js" data-charts="page.charts.js?v=…" data-vendor=".../vendor/">
 * Nothing heavy happens before the page's first paint: only then does this file add Vega
 * (vendor/vega.min.js, vega-interpreter.min.js, vega-tooltip.min.js) and the page's compiled
 * Vega specs (data-charts, which sets window.navCharts["fig-…"] = {wide: …, narrow: …}) as
 * <script src> elements, run in that order, and make the live views. Script files rather than
 * JSON to fetch, so this also works with the site opened from disk (file://).
 *
 * Needs a stylesheet giving #vg-tooltip-element position: fixed and visibility: hidden until
 * it has the class "visible" (site.css does). No inline script or style is created, so a CSP
 * of script-src/style-src 'self' holds: expressions run through vega-interpreter instead of
 * being compiled with Function(). Nothing is animated: the swap is instant, so
 * prefers-reduced-motion needs no special case.
 */
/*
 * The citation's copy button: added only where scripts run (without them the citation is
 * plain, selectable text and no button that cannot work is shown). Copies with the Clipboard
 * API, or else by selecting the text and the copy command (pages opened from disk), and says
 * what happened in a status message that screen readers announce.
 */
(function () {
  "use strict";

  function copyBySelecting(text) {
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (err) {
      done = false;
    }
    return done;
  }

  function addButton(text) {
    var row = document.createElement("p");
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Kopier teksten";
    status.className = "copy-status";
    status.setAttribute("role", "status");
    row.appendChild(button);
    row.appendChild(status);
    text.parentNode.insertBefore(row, text.nextSibling);
    button.addEventListener("click", function () {
      var value = text.textContent.trim();
      function said(ok) {
        status.textContent = ok ? "Kopiert." : "Kunne ikke kopiere: merk teksten og kopier den selv.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(function () { said(true); }, function () {
          said(copyBySelecting(text));
        });
      } else {
        said(copyBySelecting(text));
      }
    });
  }

  function start() {
    var texts = document.querySelectorAll(".citation-text");
    for (var i = 0; i < texts.length; i++) addButton(texts[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

(function () {
  "use strict";

  var TOOLTIP_ID = "vg-tooltip-element";
  var VENDOR_SCRIPTS = ["vega.min.js", "vega-interpreter.min.js", "vega-tooltip.min.js"];
  // performance.mark() set just before the scripts are added; the benchmark compares it with
  // the first contentful paint.
  var SCRIPTS_MARK = "navcharts-scripts";

  var self = document.currentScript || document.querySelector("script[data-charts]");
  var specsUrl = self && self.getAttribute("data-charts");
  var vendorUrl = self && self.getAttribute("data-vendor");
  if (!specsUrl || vendorUrl === null || !window.Promise || !window.requestAnimationFrame) return;

  // Runs `then` in a task after the first contentful paint, as the browser reports it; a
  // browser that does not report paints has painted once a task queued from an animation
  // frame runs.
  function afterFirstPaint(then) {
    var started = false;
    function go() {
      if (started) return;
      started = true;
      window.setTimeout(then, 0);
    }
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (types && types.indexOf("paint") !== -1) {
      try {
        new PerformanceObserver(function (list, observer) {
          if (!list.getEntriesByName("first-contentful-paint").length) return;
          observer.disconnect();
          go();
        }).observe({ type: "paint", buffered: true });
        // Should the paint never be reported, a second after the first frame is surely later.
        window.requestAnimationFrame(function () { window.setTimeout(go, 1000); });
        return;
      } catch (err) {
        // an older form of the API: fall through
      }
    }
    window.requestAnimationFrame(function () { window.setTimeout(go, 0); });
  }

  // Adds the scripts in order (async = false: fetched together, run in order); `then` runs
  // after the last has run. If any fails to load, `then` never runs.
  function loadScripts(urls, then) {
    var waiting = urls.length;
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false;
      script.onload = function () {
        waiting -= 1;
        if (waiting === 0) then();
      };
      document.head.appendChild(script);
    });
  }

  // vega-tooltip appends its element to <body> unless one with its id exists; creating it
  // here keeps it inside the <main> landmark.
  function tooltipHandler() {
    if (typeof vegaTooltip === "undefined") return null;
    var el = document.getElementById(TOOLTIP_ID);
    if (!el) {
      el = document.createElement("div");
      el.id = TOOLTIP_ID;
      el.className = "vg-tooltip";
      (document.querySelector("main") || document.body).appendChild(el);
    }
    // Unstyled, the element would show as plain text in the page: then go without tooltips.
    if (window.getComputedStyle(el).position !== "fixed") {
      el.parentNode.removeChild(el);
      return null;
    }
    return dismissibleAndHoverable(new vegaTooltip.Handler({ disableDefaultStyle: true }).call, el);
  }

  // Content shown on hover must be dismissible without moving the pointer (Escape), and the
  // pointer must be able to move onto it without it disappearing (WCAG 1.4.13). Vega hides the
  // tooltip as soon as the pointer leaves the mark, so hiding waits a moment, and is cancelled
  // while the pointer is on the tooltip itself.
  function dismissibleAndHoverable(show, el) {
    var HIDE_DELAY_MS = 400;
    var overTooltip = false;
    var hideTimer = null;
    var shownItem = null;
    var dismissedItem = null;

    function hide() {
      window.clearTimeout(hideTimer);
      el.classList.remove("visible");
      shownItem = null;
    }

    el.addEventListener("pointerenter", function () {
      overTooltip = true;
      window.clearTimeout(hideTimer);
    });
    el.addEventListener("pointerleave", function () {
      overTooltip = false;
      hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !el.classList.contains("visible")) return;
      dismissedItem = shownItem;
      overTooltip = false;
      hide();
    });

    return function (handler, event, item, value) {
      window.clearTimeout(hideTimer);
      if (value == null || value === "") {
        dismissedItem = null;
        hideTimer = window.setTimeout(function () {
          if (!overTooltip) hide();
        }, HIDE_DELAY_MS);
        return;
      }
      if (item === dismissedItem) return; // stays dismissed until the pointer leaves the mark
      dismissedItem = null;
      shownItem = item;
      show(handler, event, item, value);
    };
  }

  // Vega labels its container and every mark for assistive technology; the figure already
  // has a caption, summary and table, so the live chart is exposed as one labelled image.
  function labelAsImage(host, svg, label) {
    host.removeAttribute("role");
    host.removeAttribute("aria-roledescription");
    host.removeAttribute("aria-label");
    svg.setAttribute("role", "img");
    svg.setAttribute("focusable", "false");
    if (label) svg.setAttribute("aria-label", label);
    // Vega rewrites mark attributes on hover but leaves these top-level children alone.
    for (var i = 0; i < svg.children.length; i++) {
      svg.children[i].setAttribute("aria-hidden", "true");
    }
  }

  // Vega cannot draw a pattern: a map's hatching is a fill of its own colour (usermeta.hatch)
  // that the build turned into stripes in the static chart. The live chart takes the static
  // one's pattern for the same fills.
  function copyHatching(staticSvg, svg, colour) {
    var pattern = colour && staticSvg && staticSvg.querySelector("pattern[id]");
    if (!pattern) return;
    var defs = svg.querySelector("defs");
    if (!defs) {
      defs = document.createElementNS("http://www.w3.org/2000/svg", "defs");
      svg.insertBefore(defs, svg.firstChild);
    }
    defs.appendChild(pattern.cloneNode(true));
    Array.prototype.forEach.call(svg.querySelectorAll("[fill]"), function (el) {
      if (el.getAttribute("fill").toLowerCase() === colour.toLowerCase()) {
        el.setAttribute("fill", "url(#" + pattern.id + ")");
      }
    });
  }

  // A figure may hold the chart twice (wide, and narrow for phones); CSS shows one of them,
  // and that is the one made live.
  function shownCanvas(figure) {
    var canvases = figure.querySelectorAll(".chart-canvas");
    for (var i = 0; i < canvases.length; i++) {
      if (window.getComputedStyle(canvases[i]).display !== "none") return canvases[i];
    }
    return null;
  }

  // The compiled Vega spec for the shown canvas, as the page's spec script registered it; none
  // for a canvas holding another figure's picture (the same chart on a shared scale, chosen
  // with a checkbox), which stays static.
  function specFor(figure, canvas) {
    var drawn = canvas.getAttribute("data-figure");
    if (drawn && drawn !== figure.id) return null;
    var specs = window.navCharts && figure.id && window.navCharts[figure.id];
    if (!specs) return null;
    return canvas.classList.contains("chart-canvas--narrow") ? specs.narrow : specs.wide;
  }

  function enhance(figure, tooltip) {
    var canvas = shownCanvas(figure);
    var spec = canvas && specFor(figure, canvas);
    if (!spec) return;
    var staticSvg = canvas.querySelector("svg");
    var label = staticSvg && staticSvg.getAttribute("aria-label");
    var host = document.createElement("div");
    var view;
    try {
      label = label || spec.description;
      var useAst = typeof vegaInterpreter !== "undefined";
      var runtime = vega.parse(spec, null, { ast: useAst });
      host.className = "chart-live";
      host.hidden = true; // drawn off-screen so the static chart stays until this one is ready
      canvas.appendChild(host);
      view = new vega.View(runtime, {
        renderer: "svg",
        container: host,
        hover: true,
        expr: useAst ? vegaInterpreter.expressionInterpreter : undefined
      });
      if (tooltip) view.tooltip(tooltip);
    } catch (err) {
      if (host.parentNode) host.parentNode.removeChild(host);
      return;
    }
    view.runAsync().then(function () {
      var svg = host.querySelector("svg");
      if (!svg) throw new Error("vega rendered no svg");
      copyHatching(staticSvg, svg, spec.usermeta && spec.usermeta.hatch);
      labelAsImage(host, svg, label);
      if (staticSvg && staticSvg.parentNode) staticSvg.parentNode.removeChild(staticSvg);
      host.hidden = false;
      figure.classList.add("chart--live");
    }).catch(function () {
      view.finalize();
      if (host.parentNode) host.parentNode.removeChild(host);
    });
  }

  function start() {
    var figures = document.querySelectorAll("figure.chart");
    if (!figures.length || typeof vega === "undefined" || !window.navCharts) return;
    var tooltip = tooltipHandler();
    var run = function (figure) { enhance(figure, tooltip); };
    if (!("IntersectionObserver" in window)) {
      Array.prototype.forEach.call(figures, run);
      return;
    }
    // Charts far down a long page are enhanced only as they come near the viewport.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        run(entry.target);
      });
    }, { rootMargin: "300px 0px" });
    Array.prototype.forEach.call(figures, function (f) { observer.observe(f); });
  }

  function load() {
    if (window.performance && performance.mark) performance.mark(SCRIPTS_MARK);
    var urls = VENDOR_SCRIPTS.map(function (name) { return vendorUrl + name; });
    loadScripts(urls.concat([specsUrl]), start);
  }

  afterFirstPaint(function () {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", load);
    } else {
      load();
    }
  });
})();
