// Measurements the accessibility tests take inside the page. Evaluated once per page; defines
// window.__a11y. Colours are compared as WCAG 2.2 defines contrast (relative luminance).
(() => {
  "use strict";

  const FOCUSABLE = [
    "a[href]", "area[href]", "button", "input:not([type=hidden])", "select", "textarea",
    "summary", "iframe", "audio[controls]", "video[controls]", "[tabindex]",
    "[contenteditable]:not([contenteditable=false])"
  ].join(", ");

  function describe(el) {
    if (!el || el.nodeType !== 1) return String(el);
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
    if (cls.length) s += "." + cls.slice(0, 2).join(".");
    const href = el.getAttribute("href");
    if (href) s += `[href="${href}"]`;
    const text = (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 40);
    return text ? `${s} "${text}"` : s;
  }

  function parseColour(value) {
    const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/
      .exec(value || "");
    if (!m) return null;
    let a = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4] && m[4].endsWith("%")) a /= 100;
    return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
  }

  // A colour as the browser computes it, for SVG paint too ("#0072B2", "white", "none").
  const probe = document.createElement("span");
  function resolveColour(value) {
    if (!value || value === "none" || value === "transparent") return null;
    const direct = parseColour(value);
    if (direct) return direct;
    probe.style.color = "";
    probe.style.color = value;
    if (!probe.style.color) return null;
    document.documentElement.appendChild(probe);
    const c = parseColour(getComputedStyle(probe).color);
    probe.remove();
    return c;
  }

  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }

  function luminance(c) {
    const lin = v => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  }

  function contrast(a, b) {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  // The opaque colour behind an element: its own background and its ancestors', composited.
  function backgroundOf(el) {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = parseColour(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let base = [255, 255, 255, 1];
    if (!layers.length || layers[layers.length - 1][3] < 1) {
      const dark = matchMedia("(prefers-color-scheme: dark)").matches;
      base = dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
    }
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }

  function hex(c) {
    return "#" + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
  }

  function isFocusable(el) {
    return el.tabIndex >= 0 && !el.disabled && !el.closest("[inert]") &&
      el.checkVisibility({visibilityProperty: true});
  }

  // Every element the Tab key should reach, in document order; remembered for focusState.
  function tabStops() {
    const all = Array.from(document.querySelectorAll(FOCUSABLE));
    const stops = all.filter(isFocusable);
    window.__a11yStops = stops;
    const main = document.querySelector("main");
    return {
      count: stops.length,
      names: stops.map(describe),
      positive: all.filter(el => el.tabIndex > 0).map(describe),
      inCharts: all.filter(el => el.tabIndex >= 0 && el.closest(".chart-canvas")).map(describe),
      firstInMain: stops.findIndex(el => main && main.contains(el)),
      mainId: main ? main.id : null
    };
  }

  // Is any part of the element's visible box uncovered by other content?
  function uncovered(el, r) {
    const x1 = Math.max(r.left, 0), x2 = Math.min(r.right, innerWidth);
    const y1 = Math.max(r.top, 0), y2 = Math.min(r.bottom, innerHeight);
    if (x2 - x1 < 1 || y2 - y1 < 1) return {inView: false, uncovered: false, by: null};
    let by = null;
    for (const fx of [0.5, 0.15, 0.85]) {
      for (const fy of [0.5, 0.2, 0.8]) {
        const hit = document.elementFromPoint(x1 + (x2 - x1) * fx, y1 + (y2 - y1) * fy);
        if (hit && (hit === el || el.contains(hit) || hit.contains(el))) {
          return {inView: true, uncovered: true, by: null};
        }
        by = by || (hit ? describe(hit) : null);
      }
    }
    return {inView: true, uncovered: false, by};
  }

  // The focused element: where it is in the tab stops, and how its focus is shown.
  function focusState() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const where = uncovered(el, r);
    const outline = resolveColour(cs.outlineColor);
    const offset = parseFloat(cs.outlineOffset) || 0;
    // An outline drawn outside the element lies on its parent's background; inside, on its own.
    const behind = backgroundOf(offset >= 0 && el.parentElement ? el.parentElement : el);
    const width = cs.outlineStyle === "none" ? 0 : parseFloat(cs.outlineWidth) || 0;
    const stops = window.__a11yStops || [];
    return {
      index: stops.indexOf(el),
      name: describe(el),
      focusVisible: el.matches(":focus-visible"),
      outlineWidth: width,
      outlineContrast: outline && width ? contrast(over(outline, behind), behind) : 0,
      outlineColour: outline ? hex(outline) : null,
      behind: hex(behind),
      inView: where.inView,
      uncovered: where.uncovered,
      coveredBy: where.by,
      inMain: !!el.closest("main"),
      isMain: el.tagName === "MAIN",
      skipTarget: el.tagName === "A" && (el.getAttribute("href") || "").startsWith("#") ?
        el.getAttribute("href").slice(1) : null
    };
  }

  // Focuses every tab stop in turn, or those at the given indices (after one real Tab, so
  // focus shows as for the keyboard), and measures how each shows it: one round trip instead
  // of two per stop. focus() scrolls an element into view as the Tab key does.
  function focusEach(indices) {
    const stops = window.__a11yStops || [];
    const chosen = indices ? indices.map(i => stops[i]).filter(Boolean) : stops;
    return chosen.map(el => { el.focus(); return focusState(); });
  }

  // From now on, records where the Tab key takes focus: for each element focus enters, its
  // index in the tab stops and its name; null where focus leaves the page. The record is read
  // after the key presses (focusRecord), so a walk costs one round trip per key, not two.
  let focusLog = [];
  let recording = false;
  function recordFocus() {
    focusLog = [];
    if (recording) return;
    recording = true;
    document.addEventListener("focusin", event => {
      const el = event.target;
      focusLog.push({
        index: (window.__a11yStops || []).indexOf(el),
        name: describe(el),
        inMain: !!el.closest("main"),
        inOpenMenu: !!el.closest("details[open]")
      });
    }, true);
    document.addEventListener("focusout", event => {
      if (!event.relatedTarget) focusLog.push(null);
    }, true);
  }

  function focusRecord() {
    return focusLog;
  }

  // ----- Charts -----

  const TEXT_ROLES = ["role-mark", "role-axis-label", "role-axis-title", "role-title-text",
    "role-title-subtitle", "role-legend-label", "role-legend-title"];

  function shownCanvas(fig) {
    return Array.from(fig.querySelectorAll(".chart-canvas"))
      .find(c => getComputedStyle(c).display !== "none") || null;
  }

  function opacityOf(el, svg) {
    let o = 1;
    for (let n = el; n && n !== svg.parentElement; n = n.parentElement) {
      o *= parseFloat(getComputedStyle(n).opacity);
    }
    return o;
  }

  function paint(el, which, svg) {
    const cs = getComputedStyle(el);
    const c = resolveColour(cs[which]);
    if (!c) return null;
    if (which === "stroke" && (parseFloat(cs.strokeWidth) || 0) <= 0) return null;
    const own = parseFloat(cs[which === "fill" ? "fillOpacity" : "strokeOpacity"]);
    c[3] *= (isNaN(own) ? 1 : own) * opacityOf(el, svg);
    return c[3] > 0 ? c : null;
  }

  function chartBackground(svg, canvas) {
    const first = svg.querySelector(":scope > rect, :scope > g > path.background");
    const behind = backgroundOf(canvas);
    const fill = first ? paint(first, "fill", svg) : null;
    return fill ? over(fill, behind) : behind;
  }

  function lastY(path) {
    const nums = (path.getAttribute("d") || "").match(/-?\d*\.?\d+(?:e-?\d+)?/g) || [];
    const t = /translate\(\s*[-\d.e]+[ ,]+([-\d.e]+)/.exec(path.getAttribute("transform") || "");
    return nums.length >= 2 ? parseFloat(nums[nums.length - 1]) + (t ? +t[1] : 0) : NaN;
  }

  // Contrast of every chart mark and chart text against the chart's background, and whether
  // series told apart by colour also have direct labels or a legend in line order.
  function chartColours() {
    return Array.from(document.querySelectorAll("figure.chart")).map(fig => {
      const canvas = shownCanvas(fig);
      const svg = canvas && canvas.querySelector("svg");
      const result = {id: fig.id, problems: [], marks: 0, texts: 0};
      if (!svg) { result.problems.push("no svg shown"); return result; }
      const bg = chartBackground(svg, canvas);
      result.background = hex(bg);
      const seen = new Set();
      const report = (msg) => { if (!seen.has(msg)) { seen.add(msg); result.problems.push(msg); } };
      svg.querySelectorAll("g.role-mark").forEach(group => {
        const type = (/mark-(\w+)/.exec(group.getAttribute("class")) || [])[1];
        if (type === "text" || type === "group" || type === "area") return;
        Array.from(group.children).forEach(el => {
          if (el.classList.contains("background") || el.classList.contains("foreground")) return;
          const fill = type === "line" || type === "rule" ? null : paint(el, "fill", svg);
          const stroke = paint(el, "stroke", svg);
          if (!fill && !stroke) return;
          result.marks++;
          const best = Math.max(
            fill ? contrast(over(fill, bg), bg) : 0, stroke ? contrast(over(stroke, bg), bg) : 0
          );
          if (best < 3) {
            const c = stroke || fill;
            report(`${type} mark ${hex(c)} on ${hex(bg)}: ${best.toFixed(2)}:1, needs 3:1`);
          }
        });
      });
      TEXT_ROLES.forEach(role => {
        svg.querySelectorAll(`g.mark-text.${role} > text`).forEach(t => {
          if (!(t.textContent || "").trim()) return;
          const fill = paint(t, "fill", svg);
          if (!fill) return;
          result.texts++;
          const ratio = contrast(over(fill, bg), bg);
          if (ratio < 4.5) {
            report(`text "${t.textContent.trim().slice(0, 30)}" (${role}) ${hex(fill)} on ` +
              `${hex(bg)}: ${ratio.toFixed(2)}:1, needs 4.5:1`);
          }
        });
      });
      // Series told apart by colour: one mark (one group) drawn in several colours. Different
      // marks in different colours (exact and interval bars, say) differ in more than colour.
      const series = new Map();
      let colours = 0;
      svg.querySelectorAll("g.role-mark").forEach(group => {
        const type = (/mark-(\w+)/.exec(group.getAttribute("class")) || [])[1];
        if (!["line", "rect", "symbol", "arc", "trail"].includes(type)) return;
        const seenHere = new Set();
        Array.from(group.children).forEach(el => {
          const c = type === "line" || type === "trail" ? paint(el, "stroke", svg) :
            paint(el, "fill", svg) || paint(el, "stroke", svg);
          if (!c) return;
          seenHere.add(hex(c));
          if (type === "line") {
            const y = lastY(el);
            if (!series.has(hex(c)) || !isNaN(y)) series.set(hex(c), y);
          }
        });
        colours = Math.max(colours, seenHere.size);
      });
      result.colours = colours;
      if (colours > 1) {
        const labels = svg.querySelectorAll("g.mark-text.role-mark > text").length;
        const legend = Array.from(svg.querySelectorAll("g.role-legend-symbol path"))
          .map(p => paint(p, "stroke", svg) || paint(p, "fill", svg))
          .map(c => c && hex(c))
          .filter(Boolean);
        if (labels >= colours) {
          result.directLabels = labels;
        } else if (legend.length >= colours) {
          const byEnd = Array.from(series.entries()).sort((a, b) => a[1] - b[1]).map(e => e[0]);
          const order = legend.filter(c => series.has(c));
          if (series.size > 1 && order.join() !== byEnd.join()) {
            report(`legend order ${order.join(", ")} differs from the line order ` +
              byEnd.join(", "));
          }
        } else {
          report(`${colours} series told apart by colour alone: no direct labels or legend`);
        }
      }
      return result;
    });
  }

  // ----- Text alternatives and structure (DOM side; the accessibility tree is read by CDP) ---

  function textOf(el) {
    return el ? (el.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function byIds(ids) {
    return (ids || "").split(/\s+/).filter(Boolean).map(id => document.getElementById(id));
  }

  function figures() {
    return Array.from(document.querySelectorAll("figure.chart")).map(fig => {
      const canvas = shownCanvas(fig);
      const svgs = canvas ? Array.from(canvas.querySelectorAll("svg")) : [];
      const visible = svgs.filter(s => s.checkVisibility({visibilityProperty: true,
        opacityProperty: true}));
      const svg = visible[0] || null;
      const box = svg ? svg.getBoundingClientRect() : null;
      const links = Array.from(fig.querySelectorAll("a[href^='#']")).map(a => {
        const target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
        return {
          href: a.getAttribute("href"),
          text: textOf(a),
          table: !!(target && (target.tagName === "TABLE" || target.querySelector("table")))
        };
      });
      const caption = fig.querySelector("figcaption");
      const summary = byIds(fig.getAttribute("aria-describedby"))[0];
      return {
        id: fig.id,
        caption: textOf(caption),
        captionVisible: !!(caption && caption.checkVisibility()),
        labelledBy: byIds(fig.getAttribute("aria-labelledby")).map(textOf).join(" "),
        summary: textOf(summary),
        summaryVisible: !!(summary && summary.checkVisibility()),
        summaryInside: !!(summary && fig.contains(summary)),
        svgs: svgs.length,
        visibleSvgs: visible.length,
        role: svg ? svg.getAttribute("role") : null,
        label: svg ? (svg.getAttribute("aria-label") || "").trim() : "",
        width: box ? box.width : 0,
        height: box ? box.height : 0,
        tableLinks: links.filter(l => l.table)
      };
    });
  }

  // With JavaScript off every piece of content must show: text left hidden would be content
  // that only a script could reveal.
  function hiddenContent() {
    const main = document.querySelector("main");
    if (!main) return ["no <main>"];
    const out = [];
    main.querySelectorAll("[hidden]").forEach(el => out.push("[hidden] " + describe(el)));
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.data.trim() || seen.has(el)) continue;
      seen.add(el);
      if (el.closest("script, style, template, svg, .visually-hidden")) continue;
      const canvas = el.closest(".chart-canvas");
      if (canvas && getComputedStyle(canvas).display === "none") continue;  // other size
      if (el.closest(".scroll-hint")) continue;  // shown only where tables scroll
      if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
        out.push(describe(el));
      }
    }
    return out.slice(0, 20);
  }

  // ----- Reflow -----

  function overflowOf(el) {
    const cs = getComputedStyle(el);
    return {x: cs.overflowX, y: cs.overflowY};
  }

  // Text cut off: by an ancestor that clips without scrolling, by an ellipsis, or by the edge
  // of a viewport that cannot scroll to it.
  function clippedText() {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const done = new Set();
    for (let n = walker.nextNode(); n && out.length < 20; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.data.trim() || done.has(el)) continue;
      if (el.closest("script, style, template, svg, .visually-hidden, #vg-tooltip-element")) {
        continue;
      }
      if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
      done.add(el);
      const cs = getComputedStyle(el);
      if (cs.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${describe(el)}: cut off with an ellipsis`);
        continue;
      }
      range.selectNodeContents(n);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
      let scrollsX = false, problem = null;
      for (let a = el; a && a !== document.documentElement && !problem; a = a.parentElement) {
        if (a === document.body) break;
        const o = overflowOf(a);
        if (o.x === "visible" && o.y === "visible") continue;
        const box = a.getBoundingClientRect();
        for (const r of rects) {
          if ((o.x === "hidden" || o.x === "clip") && !scrollsX &&
              (r.left < box.left - 1 || r.right > box.right + 1)) {
            problem = `cut off at the side by ${describe(a)}`;
          } else if ((o.y === "hidden" || o.y === "clip") &&
              (r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
            problem = `cut off at the top or bottom by ${describe(a)}`;
          }
        }
        if (o.x === "auto" || o.x === "scroll") scrollsX = true;
      }
      if (!problem && !scrollsX) {
        const r = rects.find(r => r.right > innerWidth + 1 || r.left < -1);
        if (r) problem = `reaches ${Math.round(r.left)}–${Math.round(r.right)} px in a ` +
          `${innerWidth} px viewport`;
      }
      if (problem) out.push(`${describe(el)}: ${problem}`);
    }
    return out;
  }

  function accessibleName(el) {
    const label = (el.getAttribute("aria-label") || "").trim();
    if (label) return label;
    return byIds(el.getAttribute("aria-labelledby")).map(textOf).join(" ").trim();
  }

  // Each table that is wider than its room, and every data table, must scroll inside its own
  // region: role=region with a name, reachable by Tab, and not wider than the viewport.
  function tableRegions() {
    const out = [];
    document.querySelectorAll("main table").forEach(table => {
      // The table itself may be the scroller (a table displayed as a block).
      let scroller = null;
      for (let a = table; a && a !== document.body; a = a.parentElement) {
        const o = overflowOf(a);
        if (o.x === "auto" || o.x === "scroll") { scroller = a; break; }
      }
      const wide = scroller ? scroller.scrollWidth > scroller.clientWidth + 1 :
        table.getBoundingClientRect().width > table.parentElement.clientWidth + 1;
      if (!wide && !table.classList.contains("data-table")) return;
      const name = describe(table);
      if (!scroller) {
        out.push(`${name}: wider than its room and in no scrolling region`);
        return;
      }
      if (scroller.getAttribute("role") !== "region") {
        out.push(`${name}: its scroller is not a region`);
      }
      if (!accessibleName(scroller)) out.push(`${name}: its scrolling region has no name`);
      if (scroller.tabIndex < 0) out.push(`${name}: its scrolling region cannot take focus`);
      const box = scroller.getBoundingClientRect();
      if (box.left < -1 || box.right > innerWidth + 1) {
        out.push(`${name}: its scrolling region is wider than the viewport`);
      }
    });
    return out;
  }

  function pageWidth() {
    const de = document.documentElement;
    return {
      scrollWidth: Math.max(de.scrollWidth, document.body.scrollWidth),
      innerWidth: innerWidth,
      clientWidth: de.clientWidth,
      overflowX: getComputedStyle(de).overflowX + "/" + getComputedStyle(document.body).overflowX
    };
  }

  function motion() {
    const running = document.getAnimations().map(a =>
      (a.effect && a.effect.target ? describe(a.effect.target) : "?") + " " +
      (a.animationName || a.transitionProperty || a.constructor.name));
    return {
      running: running.slice(0, 10),
      smoothScroll: getComputedStyle(document.documentElement).scrollBehavior === "smooth"
    };
  }

  function liveCharts() {
    return document.querySelectorAll("figure.chart.chart--live").length;
  }

  function pageLuminance() {
    return luminance(backgroundOf(document.body));
  }

  window.__a11y = {
    describe, pageLuminance, contrast, backgroundOf, hex, tabStops, focusState, focusEach,
    recordFocus, focusRecord, chartColours, figures, hiddenContent, clippedText, tableRegions,
    pageWidth, motion, liveCharts
  };
})();
