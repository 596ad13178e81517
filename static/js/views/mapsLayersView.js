/**
 * One card per layer as its line arrives: output shape, parameters, multiply-adds,
 * information volume with its ratio to the layer before, the time it took, and all its
 * maps on one sheet. Sheets are painted map by map within a time budget per frame, so a
 * large layer (32 maps of 224 x 224) never holds a frame up; the page waits for a layer's
 * first maps to be on screen before it reads the next line.
 *
 * Note 001's open question (why doubling the channels and then 2 x 2 pooling halves the
 * information volume) is quoted above the cards and answered on every card whose layer
 * downsamples the maps (pooling, stride 2), with that stage's own numbers (`lib/notes.js`).
 * @module views/mapsLayersView
 */
import { number, t } from "../lib/i18n.js";
import { msText, ratioText, shapeText, shortCount, valueText } from "../lib/mapsFormat.js";
import { cellAt, cellOrigin, colourRange, paintValues, sheetLayout } from "../lib/mapsSheet.js";
import { VOLUME_NOTE, ratioLabel, volumeStage } from "../lib/notes.js";
import { el } from "../ui/dom.js";

/** Milliseconds of painting per frame, leaving the rest of a 60 Hz frame to the browser. */
const BUDGET_MS = 7;

function displayWidth(layout) {
  if (layout.h === 1 || layout.wrapped) {
    return layout.width * Math.max(1, Math.min(24, Math.floor(480 / layout.width)));
  }
  return layout.width * Math.max(1, Math.floor(96 / Math.max(layout.h, layout.w)));
}

const volumeText = (part) => `${shapeText(part.shape)} = ${number(part.volume)}`;

/**
 * Note 001's question answered with one stage's numbers: the stage's input, this layer's input
 * (after the layers between) and its output, then the channels' and the positions' factors.
 * @param {import("../lib/notes.js").VolumeStage} stage
 * @param {string} name this layer's name
 * @returns {string}
 */
function stageText(stage, name) {
  const total = ratioLabel(stage.total);
  const chain = stage.names.length
    ? t("maps.notes.stage", { from: volumeText(stage.from), before: volumeText(stage.before),
      r1: ratioLabel(stage.before.ratio), layers: stage.names.length === 1 ? stage.names[0]
        : `${stage.names[0]} … ${stage.names[stage.names.length - 1]}`,
      after: volumeText(stage.after), r2: ratioLabel(stage.after.ratio), name, total })
    : t("maps.notes.single", { from: volumeText(stage.from), after: volumeText(stage.after), name, total });
  const split = t("maps.notes.split", { c0: number(stage.channels.from), c1: number(stage.channels.to),
    rc: ratioLabel(stage.channels.ratio), p0: number(stage.positions.from), p1: number(stage.positions.to),
    rp: ratioLabel(stage.positions.ratio), total });
  return [chain, split, stage.exact ? t("maps.notes.exact") : ""].filter(Boolean).join(" ");
}

/**
 * @param {HTMLElement} root
 * @param {{zoom: (layer: number, channel: number) => void, setNorm: (mode: string) => void}} actions
 * @param {{onFirstMap: (time: number) => void, onLastMap: (time: number) => void}} events
 * @returns {{update: (state: object) => void, draw: () => boolean,
 *   whenPainted: (runId: number, index: number) => Promise<void>}}
 */
export function createMapsLayersView(root, actions, events) {
  const normInputs = ["map", "layer"].map((mode) => el("input", {
    type: "radio", name: "maps-norm", value: mode, id: `maps-norm-${mode}`,
    on: { change: () => actions.setNorm(mode) } }));
  const toolbar = el("fieldset", { class: "maps-toolbar" },
    el("legend", { i18n: "maps.layers.norm" }),
    ...normInputs.flatMap((input) => [el("label", { for: input.id }, input,
      el("span", { i18n: `maps.layers.norm.${input.value}` }))]));
  const list = el("ol", { class: "maps-card-list" });
  const note = el("details", { class: "maps-note" },
    el("summary", { class: "maps-note-summary" }, el("span", { class: "maps-note-id", i18n: "maps.notes.noteId" }), " ",
      el("span", { i18n: "maps.notes.question" })),
    el("blockquote", { class: "maps-note-quote", lang: "ko", text: VOLUME_NOTE.quote }),
    el("p", { class: "maps-note-gloss" }, el("span", { i18n: "maps.notes.gloss" }), " ",
      el("span", { lang: "en", text: VOLUME_NOTE.gloss })),
    el("p", { class: "maps-note-general mono", text: "H·W·C → H·W·2C (×2) → H/2·W/2·2C (×1/4) = ×1/2" }),
    el("p", { class: "maps-note-answer" }, el("b", { i18n: "maps.notes.answerLabel" }), " ",
      el("span", { i18n: "maps.notes.answer" })),
    el("p", { class: "maps-note-cards", i18n: "maps.notes.cards" }));
  root.append(el("h2", { id: "maps-layers-title", i18n: "maps.layers.title" }),
              el("p", { class: "maps-hint", i18n: "maps.layers.hint" }), note, toolbar, list);

  let runId = -1;
  let network = null;
  let mode = "map";
  let lang = null;
  let cards = [];
  let expected = 0;
  let done = false;
  let firstSent = false;
  let lastSent = false;
  let waiters = [];

  function fillText(card) {
    const l = card.layer;
    const m = card.maps;
    card.title.textContent = t("maps.layers.cardTitle", { index: l.index, name: l.name });
    card.kind.textContent = t(`maps.kind.${l.kind}`) === `maps.kind.${l.kind}` ? l.kind : t(`maps.kind.${l.kind}`);
    const stats = [
      ["maps.layers.shape", `${shapeText(l.output_shape)}`, t("maps.layers.from", { shape: shapeText(l.input_shape) })],
      ["maps.layers.params", number(l.params), ""],
      ["maps.layers.macs", number(l.macs), l.macs >= 1e4 ? `(${shortCount(l.macs, lang)})` : ""],
      ["maps.layers.volume", number(l.volume), l.ratio !== null && l.ratio !== undefined
        ? t("maps.layers.ratio", { ratio: ratioText(l.ratio) }) : ""],
      ["maps.layers.time", msText(l.seconds), ""],
    ];
    card.stats.replaceChildren(...stats.map(([key, value, note]) => el("div", { class: "maps-stat" },
      el("dt", { i18n: key }), el("dd", { dataset: { stat: key.split(".").pop() } }, value,
        note ? el("span", { class: "maps-stat-note", text: ` ${note}` }) : null))));
    if (card.stage) card.note.textContent = stageText(card.stage, l.name);
    card.caption.textContent = m.vector
      ? t("maps.layers.vectorCaption", { n: number(m.w), min: valueText(m.min), max: valueText(m.max) })
      : t("maps.layers.caption", { n: number(m.channels), h: m.h, w: m.w, min: valueText(m.min), max: valueText(m.max) });
    card.sheet.setAttribute("aria-label", t("maps.layers.sheetLabel", { name: l.name, n: m.channels }));
  }

  function makeCard(layer, layers) {
    const maps = layer.maps;
    const layout = sheetLayout(maps.channels, maps.h, maps.w);
    const sheet = el("canvas", { class: "maps-sheet map", width: layout.width, height: layout.height,
                                 tabindex: 0, role: "button" });
    sheet.style.width = `${displayWidth(layout)}px`;
    const card = {
      layer, maps, layout, sheet, next: 0, cell: null, painted: false, complete: false,
      title: el("h3", { class: "maps-card-title" }),
      kind: el("span", { class: "maps-badge" }),
      stats: el("dl", { class: "maps-stats" }),
      caption: el("p", { class: "maps-sheet-caption" }),
      stage: volumeStage(layers, layers.indexOf(layer)),
    };
    card.note = card.stage ? el("p", { class: "maps-card-note", dataset: { total: ratioLabel(card.stage.total),
      exact: String(card.stage.exact) } }) : null;
    const open = (channel) => actions.zoom(layer.index, channel);
    sheet.addEventListener("click", (event) => {
      const x = (event.offsetX * layout.width) / sheet.clientWidth;
      const y = (event.offsetY * layout.height) / sheet.clientHeight;
      const c = layout.wrapped ? 0 : cellAt(layout, Math.floor(x), Math.floor(y));
      if (c >= 0) open(c);
    });
    sheet.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(0);
      }
    });
    const exportButton = el("button", { type: "button", class: "maps-export", i18n: "maps.layers.export",
                                        on: { click: () => exportSheet(card) } });
    card.node = el("li", { class: "maps-card", dataset: { index: String(layer.index), name: layer.name, drawn: "false",
                              createdAt: String(performance.now()) } },
      el("header", { class: "maps-card-head" }, card.title, card.kind),
      card.stats,
      card.note,
      el("div", { class: "maps-sheet-box" }, sheet),
      el("div", { class: "maps-card-foot" }, card.caption, exportButton));
    fillText(card);
    return card;
  }

  function exportSheet(card) {
    card.sheet.toBlob((blob) => {
      if (!blob) return;
      const link = el("a", { href: URL.createObjectURL(blob), download: `${network}-${card.layer.index}-${card.layer.name}.png` });
      document.body.append(link);
      link.click();
      link.remove();
      queueMicrotask(() => URL.revokeObjectURL(link.href));
    }, "image/png");
  }

  /** Paint maps, one at a time straight onto their sheets, until the frame's budget is spent. */
  function paintSome(deadline) {
    for (const card of cards) {
      if (card.complete) continue;
      const { layout, maps } = card;
      const ctx = card.sheet.getContext("2d");
      if (!card.cell) card.cell = new ImageData(layout.w, layout.h);
      const total = layout.wrapped ? 1 : maps.channels;
      while (card.next < total) {
        const c = card.next;
        if (layout.wrapped) {
          paintValues(card.cell.data, layout.w, 0, 0, maps.values, 0, maps.w, layout.w, colourRange(maps, 0, mode));
          ctx.putImageData(card.cell, 0, 0);
        } else {
          const per = maps.h * maps.w;
          paintValues(card.cell.data, maps.w, 0, 0, maps.values, c * per, per, maps.w, colourRange(maps, c, mode));
          const { x, y } = cellOrigin(layout, c);
          ctx.putImageData(card.cell, x, y);
        }
        card.next += 1;
        painted(card);
        if (performance.now() > deadline) break;
      }
      if (card.next >= total) {
        card.complete = true;
        card.cell = null;
        card.node.dataset.drawn = "true";
      }
      if (performance.now() > deadline) return false;
    }
    return true;
  }

  function painted(card) {
    if (card.painted) return;
    card.painted = true;
    if (!firstSent) {
      firstSent = true;
      events.onFirstMap(performance.now());
    }
    waiters = waiters.filter((w) => {
      if (w.index !== card.layer.index) return true;
      w.resolve();
      return false;
    });
  }

  function checkLast() {
    if (!lastSent && done && cards.length === expected && cards.every((c) => c.complete)) {
      lastSent = true;
      events.onLastMap(performance.now());
    }
  }

  function release() {
    for (const w of waiters) w.resolve();
    waiters = [];
  }

  return {
    whenPainted(id, index) {
      const card = cards.find((c) => c.layer.index === index);
      if (id !== runId || (card && card.painted)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ index, resolve }));
    },
    update(state) {
      const run = state.run;
      if (run.id !== runId) {
        release();
        runId = run.id;
        network = run.network;
        cards = [];
        firstSent = false;
        lastSent = false;
        list.replaceChildren();
      }
      expected = run.expected;
      done = run.status === "done";
      for (const layer of run.layers.slice(cards.length)) {
        const card = makeCard(layer, run.layers);
        cards.push(card);
        list.append(card.node);
      }
      if (state.norm !== mode) {
        mode = state.norm;
        for (const card of cards) {
          card.next = 0;
          card.complete = false;
        }
      }
      for (const input of normInputs) input.checked = input.value === mode;
      if (state.lang !== lang) {
        lang = state.lang;
        cards.forEach(fillText);
      }
      root.hidden = run.status === "idle";
    },
    draw() {
      const finished = paintSome(performance.now() + BUDGET_MS);
      checkLast();
      return !finished;
    },
  };
}
