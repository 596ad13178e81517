/**
 * Why pooling does what it does, beside the grids: four short panels, each quoting the note it
 * answers (Korean, with an English gloss) and showing it with the lab's current numbers. Max
 * against average on the same input (the strong value kept or blurred), per channel with C
 * kept, no parameters against a convolution's count, and the average's border divisors the
 * same for other input values. Numbers from the engine (`lib/poolLabWhy.js` reads them).
 * @module views/poolLabWhyView
 */
import { number, t } from "../lib/i18n.js";
import { formatValue } from "../lib/labSteps.js";
import { POOL_NOTE_QUOTES, divisorCheck, parameterCounts, perChannel, strongFeature } from "../lib/poolLabWhy.js";
import { el } from "../ui/dom.js";

function miniGrid(values, shape, marks = new Set(), name = "") {
  const [rows, cols] = shape.length === 2 ? shape : [1, shape[0]];
  const body = el("tbody");
  for (let r = 0; r < rows; r += 1) {
    const row = el("tr");
    for (let c = 0; c < cols; c += 1) {
      const i = r * cols + c;
      row.append(el("td", { class: marks.has(i) ? "poolLab-mini-mark" : null, dataset: { value: String(values[i]) },
        text: formatValue(values[i]) }));
    }
    body.append(row);
  }
  return el("table", { class: "poolLab-mini", dataset: { mini: name } }, body);
}

function figure(caption, grid) {
  return el("figure", { class: "poolLab-mini-figure" }, el("figcaption", { text: caption }), grid);
}

/**
 * Create the panels.
 * @param {HTMLElement} root
 * @param {import("../state.js").Store<object>} store
 * @param {{knobs: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void}}
 */
export function createPoolLabWhyView(root, store, actions) {
  const title = el("h2", { class: "poolLab-title", id: "poolLab-why-title" });
  const list = el("div", { class: "poolLab-why-list" });
  const section = el("section", { class: "poolLab-why", "aria-labelledby": "poolLab-why-title" }, title, list);
  root.append(section);
  const panels = {};
  for (const id of ["feature", "channels", "params", "divisors"]) {
    const quote = POOL_NOTE_QUOTES[id];
    const body = el("div", { class: "poolLab-why-body" });
    const button = el("button", { type: "button", class: "poolLab-why-try", hidden: true });
    const head = el("h3", { class: "poolLab-why-head" });
    const source = el("span", { class: "poolLab-why-source" });
    const panel = el("article", { class: "poolLab-why-panel", dataset: { why: id } }, head,
      el("blockquote", { class: "poolLab-why-quote" }, el("span", { lang: "ko", text: quote.quote }), " ", source),
      el("p", { class: "poolLab-why-gloss", lang: "en", text: quote.gloss }), body, button);
    button.addEventListener("click", () => { if (button.example) actions.knobs({ example: button.example }); });
    panels[id] = { panel, head, body, button, source };
    list.append(panel);
  }
  let key = "";

  function offer(p, example, labelKey) {
    p.button.hidden = !example;
    p.button.example = example;
    p.button.textContent = example ? t(labelKey) : "";
  }

  function feature(state, tr, why) {
    const p = panels.feature;
    p.body.textContent = "";
    delete p.panel.dataset.kept;
    offer(p, state.preset === "feature" ? null : "feature", "poolLab.why.feature.try");
    if (!why) { p.body.append(el("p", { class: "poolLab-note", text: t("common.loading") })); return; }
    if (!why.other) {
      p.body.append(el("p", { text: t(why.otherReason === "dilation" ? "poolLab.why.feature.dilation" : "poolLab.why.none") }));
      return;
    }
    const f = strongFeature(tr, why.other);
    const at = f.pos.map((v) => v + 1).join(", ");
    const marks = new Set(f.windows);
    if (f.flat) {
      p.body.append(el("p", { text: t("poolLab.why.feature.flat", { v: formatValue(f.value) }) }));
    } else if (!f.windows.length) {
      p.body.append(el("p", { text: t("poolLab.why.feature.skipped", { v: formatValue(f.value), at }) }));
    } else {
      p.panel.dataset.kept = String(f.kept);
      p.panel.dataset.blurred = String(f.blurred);
      p.body.append(el("p", { text: t("poolLab.why.feature.text", { v: formatValue(f.value), at,
        kept: formatValue(f.kept), blurred: formatValue(f.blurred) }) }));
    }
    p.body.append(el("div", { class: "poolLab-mini-row" },
      figure(t("poolLab.why.feature.max"), miniGrid(f.maxGrid, tr.outShape, marks, "max")),
      figure(t("poolLab.why.feature.avg"), miniGrid(f.avgGrid, tr.outShape, marks, "avg"))));
  }

  function channels(state, tr) {
    const p = panels.channels;
    const c = perChannel(tr);
    p.panel.dataset.inChannels = String(c.channels);
    p.panel.dataset.outChannels = String(tr.channels);
    p.body.replaceChildren(el("p", { text: t("poolLab.why.channels.text", {
      inShape: [c.channels, ...c.inShape].join(" × "), outShape: [tr.channels, ...c.outShape].join(" × "),
      c: c.channels, n: c.perChannel }) }));
    if (c.channels === 1) p.body.append(el("p", { class: "poolLab-note", text: t("poolLab.why.channels.one") }));
    offer(p, c.channels === 1 ? "channels" : null, "poolLab.why.channels.try");
  }

  function params(state, why) {
    const p = panels.params;
    p.body.textContent = "";
    if (!why || !why.poolShapes || !why.convShapes) {
      p.body.append(el("p", { class: "poolLab-note", text: t(why ? "poolLab.why.none" : "common.loading") }));
      return;
    }
    const n = parameterCounts(why.poolShapes, why.convShapes, state);
    p.panel.dataset.pool = String(n.pool);
    p.panel.dataset.conv = String(n.conv);
    p.body.append(el("p", { text: t("poolLab.why.params.text", { pool: number(n.pool), conv: number(n.conv),
      formula: n.formula, window: new Array(state.dim).fill(state.k).join("×"), c: state.channels }) }));
  }

  function divisors(state, tr, why) {
    const p = panels.divisors;
    p.body.textContent = "";
    delete p.panel.dataset.same;
    if (tr.kind !== "avg") {
      p.body.append(el("p", { text: t("poolLab.why.divisors.max") }));
      offer(p, "divisors", "poolLab.why.divisors.try");
      return;
    }
    offer(p, null, "");
    if (!why || !why.check) {
      p.body.append(el("p", { class: "poolLab-note", text: t(why ? "poolLab.why.none" : "common.loading") }));
      return;
    }
    const check = divisorCheck(tr, why.check.trace);
    p.panel.dataset.same = String(check.same);
    p.panel.dataset.divisors = check.grid.join(",");
    const sample = why.check.input.slice(0, Math.min(6, why.check.input.length)).map((v) => formatValue(v)).join(", ");
    p.body.append(
      el("p", { text: t(tr.countIncludePad ? "poolLab.why.divisors.include" : "poolLab.why.divisors.exclude",
        { list: check.distinct.map((d) => formatValue(d)).join(", ") }) }),
      el("div", { class: "poolLab-mini-row" },
        figure(t("poolLab.why.divisors.these"), miniGrid(check.grid, tr.outShape, new Set(), "divisors")),
        figure(t("poolLab.why.divisors.other", { sample }), miniGrid(check.otherGrid, tr.outShape, new Set(), "other"))),
      el("p", { class: check.same ? "poolLab-good" : "poolLab-bad",
        text: t(check.same ? "poolLab.why.divisors.same" : "poolLab.why.divisors.differ") }),
      el("p", { class: "poolLab-note", text: t("poolLab.why.divisors.edit") }));
  }

  function update(state) {
    const tr = state.trace;
    const id = `${state.lang}|${state.status}|${state.preset}`;
    if (id === key && tr === section.trace && state.why === section.why) return;
    key = id;
    section.trace = tr;
    section.why = state.why;
    title.textContent = t("poolLab.why.title");
    section.dataset.status = state.why ? "ready" : "loading";
    for (const [name, p] of Object.entries(panels)) {
      p.head.textContent = t(`poolLab.why.${name}.title`);
      p.source.textContent = t("poolLab.why.source", { note: POOL_NOTE_QUOTES[name].note });
    }
    section.hidden = !tr;
    if (!tr) return;
    feature(state, tr, state.why);
    channels(state, tr);
    params(state, state.why);
    divisors(state, tr, state.why);
  }

  return { update };
}
