// Draws the book's Vega-Lite charts (lossutils/_mystnb_vegalite.py writes each one as
// <div class="vegalite-chart"><script type="application/vnd.vegalite.v5+json">spec</script>),
// with the vendored vega, vega-lite and vega-embed loaded before this file. Hand-written,
// not fetched (not in SHA256SUMS).
//
// * Light or dark as the book is: the theme switch sets <html data-theme="dark|light">; on a
//   change every chart is drawn again with Vega's "dark" theme plus the text and axis colours
//   below (they override a chart's own config so text stays readable), keeping the values
//   the reader has set on its controls.
// * Accessible names: every bound input (Vega writes <label><span>name</span><input>...)
//   gets an aria-label "name: value", updated as it moves; the chart's SVG carries its
//   Vega-Lite description as its ARIA label (Vega does this).
// * State for tests: div.dataset.vegaTheme is "light" or "dark" once a chart is drawn;
//   div.dataset.vegaError holds the message if drawing failed (also logged as an error).
(function () {
  "use strict";
  const MIME = "application/vnd.vegalite.v5+json";
  const TEXT = "#f0f0f0", MUTED = "#c8c8c8", GRID = "#5a5a5a";
  // Merged over the chart's own config in dark mode (after Vega's "dark" theme).
  const DARK = {
    background: "#1e1e1e",
    title: {color: TEXT, subtitleColor: MUTED},
    axis: {labelColor: TEXT, titleColor: TEXT, domainColor: MUTED, tickColor: MUTED,
           gridColor: GRID},
    legend: {labelColor: TEXT, titleColor: TEXT},
    header: {labelColor: TEXT, titleColor: TEXT},
    view: {stroke: GRID},
    text: {color: TEXT},
  };

  const isDark = () => document.documentElement.dataset.theme === "dark";

  function merge(base, extra) {
    const out = Object.assign({}, base);
    for (const [key, value] of Object.entries(extra)) {
      const both = value && typeof value === "object" && !Array.isArray(value) &&
                   out[key] && typeof out[key] === "object";
      out[key] = both ? merge(out[key], value) : value;
    }
    return out;
  }

  function nameInputs(div) {
    for (const bind of div.querySelectorAll(".vega-bind")) {
      const name = (bind.querySelector(".vega-bind-name") || {}).textContent || "control";
      for (const input of bind.querySelectorAll("input, select")) {
        const label = () => {
          let value = input.value;
          if (input.type === "checkbox") value = input.checked ? "on" : "off";
          else if (input.type === "radio") value = input.checked ? "selected" : "not selected";
          return `${name.trim()}: ${value}`;
        };
        const update = () => {
          input.setAttribute("aria-label", label());
          if (input.type === "range") input.setAttribute("aria-valuetext", input.value);
        };
        update();
        input.addEventListener("input", update);
        input.addEventListener("change", update);
        // Vega also writes the value into a <span> next to a range input; keep it polite.
        const shown = bind.querySelector(".vega-bind-value");
        if (shown) shown.setAttribute("aria-hidden", "true");
      }
    }
  }

  async function draw(div) {
    const theme = isDark() ? "dark" : "light";
    const generation = (div._generation || 0) + 1;  // a newer draw() wins over a slower one
    div._generation = generation;
    const script = div.querySelector(`script[type="${MIME}"]`);
    if (!script) return;
    let spec = JSON.parse(script.textContent);
    // Keep what the reader has set when re-drawing for a theme switch.
    const values = {};
    if (div._vega) {
      for (const p of spec.params || []) {
        if (p.bind && !p.select) {
          try { values[p.name] = div._vega.view.signal(p.name); } catch (e) { /* not a signal */ }
        }
      }
      div._vega.finalize();
      div._vega = null;
    }
    if (theme === "dark") spec = Object.assign({}, spec, {config: merge(spec.config || {}, DARK)});
    for (const p of spec.params || []) {
      if (p.name in values) p.value = values[p.name];
    }
    let target = div.querySelector(":scope > .vegalite-view");
    if (target) target.remove();
    target = document.createElement("div");
    target.className = "vegalite-view";
    div.appendChild(target);
    try {
      const options = {actions: false, renderer: "svg"};
      if (theme === "dark") options.theme = "dark";
      const result = await window.vegaEmbed(target, spec, options);
      if (div._generation !== generation) { result.finalize(); return; }
      div._vega = result;
      nameInputs(target);
      delete div.dataset.vegaError;
      div.dataset.vegaTheme = theme;
    } catch (err) {
      div.dataset.vegaError = String(err);
      console.error("Vega-Lite chart could not be drawn:", err);
    }
  }

  function drawAll() {
    for (const div of document.querySelectorAll("div.vegalite-chart")) draw(div);
  }

  function start() {
    // a little room between a control's name, the control and its value
    const style = document.createElement("style");
    // a chart wider than the text column (a phone) scrolls sideways instead of being clipped
    style.textContent = ".vegalite-chart { max-width: 100%; overflow-x: auto; }" +
      " .vegalite-chart .vega-bind-name { margin-right: 0.5em; }" +
      " .vegalite-chart .vega-bind input[type=range] + span { margin-left: 0.5em; }";
    document.head.appendChild(style);
    if (typeof window.vegaEmbed !== "function") {
      console.error("vega-embed did not load: the charts cannot be drawn");
      return;
    }
    drawAll();
    let mode = isDark();
    new MutationObserver(() => {
      if (isDark() !== mode) { mode = isDark(); drawAll(); }
    }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
