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
 *
 * A network that names its groups (EfficientNet-Lite0: stem, seven stages of blocks, head) has
 * its cards under one heading per group, each folding at a button with `aria-expanded`: the
 * stem and the head open, the stages folded (their headings state blocks, kernel, stride and
 * channels; a fold is remembered across passes). A block's card lists its inner layers and can
 * show their maps (`views/mapsBlockInside.js`), fetched only when the learner asks.
 * @module views/mapsLayersView
 */
import { number, t } from "../lib/i18n.js";
import { groupFacts, groupIndex, groupName, groupOf, groupSpan, isStage } from "../lib/mapsBlocks.js";
import { msText, ratioText, shapeText, shortCount, valueText } from "../lib/mapsFormat.js";
import { cellAt, cellOrigin, colourRange, paintValues, sheetLayout } from "../lib/mapsSheet.js";
import { VOLUME_NOTE } from "../lib/notes.js";
import { ratioLabel } from "../lib/noteFormat.js";
import { volumeStage } from "../lib/notesVolume.js";
import { workDeadline } from "../loop.js";
import { el, fillWords } from "../ui/dom.js";
import { createBlockInside } from "./mapsBlockInside.js";

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
 * @param {import("../lib/notesVolume.js").VolumeStage} stage
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
 * Paint one sheet's maps, one at a time, until it is complete or the deadline passes.
 * @param {import("./mapsBlockInside.js").SheetJob} job
 * @param {"map"|"layer"} mode
 * @param {number} deadline a `performance.now()` time
 * @param {() => void} [onMap] called after each map
 * @returns {boolean} true while time is left
 */
function paintJob(job, mode, deadline, onMap) {
  const { layout, maps } = job;
  const ctx = job.sheet.getContext("2d");
  if (!job.cell) job.cell = new ImageData(layout.w, layout.h);
  const total = layout.wrapped ? 1 : maps.channels;
  while (job.next < total) {
    const c = job.next;
    if (layout.wrapped) {
      paintValues(job.cell.data, layout.w, 0, 0, maps.values, 0, maps.w, layout.w, colourRange(maps, 0, mode));
      ctx.putImageData(job.cell, 0, 0);
    } else {
      const per = maps.h * maps.w;
      paintValues(job.cell.data, maps.w, 0, 0, maps.values, c * per, per, maps.w, colourRange(maps, c, mode));
      const { x, y } = cellOrigin(layout, c);
      ctx.putImageData(job.cell, x, y);
    }
    job.next += 1;
    onMap?.();
    if (performance.now() > deadline) break;
  }
  if (job.next >= total) {
    job.complete = true;
    job.cell = null;
    job.node.dataset.drawn = "true";
  }
  return performance.now() <= deadline;
}

/**
 * @param {HTMLElement} root
 * @param {{zoom: (layer: number, channel: number) => void, setNorm: (mode: string) => void,
 *   showInside: (block: string) => void, hideInside: (block: string) => void}} actions
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
  const groupTools = el("div", { class: "maps-group-tools", hidden: true },
    el("p", { class: "maps-hint", i18n: "maps.groups.hint" }),
    el("div", { class: "maps-group-buttons" },
      el("button", { type: "button", class: "maps-group-all", dataset: { open: "true" }, i18n: "maps.groups.open",
                     on: { click: () => foldStages(true) } }),
      el("button", { type: "button", class: "maps-group-all", dataset: { open: "false" }, i18n: "maps.groups.close",
                     on: { click: () => foldStages(false) } })));
  root.append(el("h2", { id: "maps-layers-title", i18n: "maps.layers.title" }),
              el("p", { class: "maps-hint", i18n: "maps.layers.hint" }), note, toolbar, groupTools, list);

  let runId = -1;
  let network = null;
  let mode = "map";
  let lang = null;
  let cards = [];
  let expected = 0;
  let done = false;
  let firstSent = false;
  let latest = null;  // the state of the last update: the lines whose cards are still to build
  let lastSent = false;
  let waiters = [];
  /** The run's groups (empty: one flat list), their nodes as they are made, by layer name. */
  let groups = [];
  let groupOfLayer = new Map();
  let groupNodes = new Map();
  /** The network summary's rows (a block's layers branch by branch). */
  let summary = [];
  /** Open or folded, by group name, as the learner left them (kept across passes). */
  const folds = new Map();

  function setFold(g, open) {
    folds.set(g.group.name, open);
    g.toggle.setAttribute("aria-expanded", String(open));
    g.body.hidden = !open;
    g.node.dataset.open = String(open);
  }

  function foldStages(open) {
    for (const g of groupNodes.values()) if (isStage(g.group)) setFold(g, open);
  }

  function makeGroup(group) {
    const id = `maps-group-${group.name}`;
    const g = {
      group, cards: [],
      label: el("span", { class: "maps-group-label" }),
      span: el("p", { class: "maps-group-span" }),
      list: el("ol", { class: "maps-card-list" }),
    };
    g.toggle = el("button", { type: "button", class: "maps-group-toggle", "aria-controls": id,
                              on: { click: () => setFold(g, g.body.hidden) } }, g.label);
    g.body = el("div", { class: "maps-group-body", id }, g.list);
    g.node = el("li", { class: "maps-group", dataset: { group: group.name, stage: String(isStage(group)) } },
      el("h3", { class: "maps-group-title" }, g.toggle), g.span, g.body);
    setFold(g, folds.has(group.name) ? folds.get(group.name) : !isStage(group));
    fillGroup(g);
    return g;
  }

  function fillGroup(g) {
    // The words of lib/mapsBlocks groupTitle, each fact kept on one line when the heading wraps.
    const parts = [groupName(g.group.name), ...groupFacts(g.group)];
    g.label.replaceChildren(...parts.flatMap((part, i) => [i ? " · " : null,
      el("span", { class: "maps-group-fact", text: part })]).filter(Boolean));
    const span = groupSpan(g.cards.map((c) => c.layer));
    g.span.textContent = span
      ? t("maps.group.span", { from: shapeText(span.from), to: shapeText(span.to), params: number(span.params),
                                macs: shortCount(span.macs, lang) })
      : t("maps.group.waiting");
  }

  /** Where a card goes: its group's list (made on its first card), or the outer list. */
  function place(card) {
    const gi = groupOfLayer.get(card.layer.name);
    if (gi === undefined) {
      list.append(card.node);
      return;
    }
    const group = groups[gi];
    let g = groupNodes.get(group.name);
    if (!g) {
      g = makeGroup(group);
      groupNodes.set(group.name, g);
      list.append(g.node);
    }
    g.cards.push(card);
    g.list.append(card.node);
    fillGroup(g);
  }

  function fillText(card) {
    const l = card.layer;
    const m = card.maps;
    fillWords(card.title, "maps.layers.cardTitle", { index: l.index, name: { text: l.name, lang: "en" } });  // an id
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
    card.inside?.fillText();
  }

  function makeCard(layer, layers) {
    const maps = layer.maps;
    const layout = sheetLayout(maps.channels, maps.h, maps.w);
    const sheet = el("canvas", { class: "maps-sheet map", width: layout.width, height: layout.height,
                                 tabindex: 0, role: "button" });
    sheet.style.width = `${displayWidth(layout)}px`;
    const grouped = groupOfLayer.has(layer.name);
    const card = {
      layer, maps, layout, sheet, painted: false,
      title: el(grouped ? "h4" : "h3", { class: "maps-card-title" }),
      kind: el("span", { class: "maps-badge" }),
      stats: el("dl", { class: "maps-stats" }),
      caption: el("p", { class: "maps-sheet-caption" }),
      stage: volumeStage(layers, layers.indexOf(layer)),
      inside: null,
    };
    card.note = card.stage ? el("p", { class: "maps-card-note", dataset: { total: ratioLabel(card.stage.total),
      exact: String(card.stage.exact) } }) : null;
    if (layer.children && layer.children.length) {
      const group = groupOf(groups, layer.name);
      const row = summary.find((r) => r.name === layer.name);
      card.inside = createBlockInside(layer, {
        hint: Number(group?.facts?.kernel) || 0, level: grouped ? 5 : 4,
        branches: row && Array.isArray(row.children) && row.children.every(Array.isArray) ? row.children : null,
        toggle: (name, open) => (open ? actions.showInside(name) : actions.hideInside(name)),
      });
    }
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
                              kind: layer.kind, createdAt: String(performance.now()) } },
      el("header", { class: "maps-card-head" }, card.title, card.kind),
      card.stats,
      card.note,
      el("div", { class: "maps-sheet-box" }, sheet),
      el("div", { class: "maps-card-foot" }, card.caption, exportButton),
      card.inside ? card.inside.node : null);
    card.job = { sheet, layout, maps, next: 0, cell: null, complete: false, node: card.node };
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

  /**
   * Paint maps, one at a time straight onto their sheets, until the frame's budget is spent:
   * the layers' own sheets first, then the inner sheets of the blocks shown inside.
   */
  function paintSome(deadline) {
    for (const card of cards) {
      if (card.job.complete) continue;
      if (!paintJob(card.job, mode, deadline, () => painted(card))) return false;
    }
    for (const card of cards) {
      for (const job of card.inside ? card.inside.jobs : []) {
        if (!job.complete && !paintJob(job, mode, deadline)) return false;
      }
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
    if (!lastSent && done && cards.length === expected && cards.every((c) => c.job.complete)) {
      lastSent = true;
      events.onLastMap(performance.now());
    }
  }

  function release() {
    for (const w of waiters) w.resolve();
    waiters = [];
  }

  /**
   * Make the cards of the lines that arrived, at least one, until `deadline` (ms).
   * @returns {boolean} every line has its card
   */
  function buildSome(deadline) {
    if (!latest) return true;
    const run = latest.run;
    if (run.id !== runId) return true;
    const insides = latest.insides && latest.insides.run === run.id ? latest.insides.blocks : {};
    while (cards.length < run.layers.length) {
      const card = makeCard(run.layers[cards.length], run.layers);
      cards.push(card);
      place(card);
      card.inside?.update(insides[card.layer.name]);
      if (performance.now() > deadline) break;
    }
    return cards.length >= run.layers.length;
  }

  function allJobs() {
    return cards.flatMap((c) => [c.job, ...(c.inside ? c.inside.jobs : [])]);
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
        groupNodes = new Map();
        groups = [];
        groupOfLayer = new Map();
        summary = [];
      }
      if (!cards.length && run.layers.length) {
        // The network's groups, read when its first card is made (the list has loaded by then).
        const net = (state.networks || []).find((n) => n.name === network);
        groups = net?.groups || [];
        summary = net?.run_summary?.layers || [];
        groupOfLayer = groupIndex(groups);
      }
      groupTools.hidden = !groups.some(isStage);
      expected = run.expected;
      done = run.status === "done";
      latest = state;
      if (state.lang !== lang) {
        lang = state.lang;
        cards.forEach(fillText);
        groupNodes.forEach(fillGroup);
      }
      // Cards for the lines that arrived are built within the frame's shared budget (a
      // network whose lines come together, as EfficientNet-Lite0's, would otherwise build
      // them all in one frame); the rest come in the next frames' draw(). Painting in draw()
      // takes what this left of the same budget.
      buildSome(workDeadline());
      const insides = state.insides && state.insides.run === run.id ? state.insides.blocks : {};
      for (const card of cards) card.inside?.update(insides[card.layer.name]);
      if (state.norm !== mode) {
        mode = state.norm;
        for (const job of allJobs()) {
          job.next = 0;
          job.complete = false;
        }
      }
      for (const input of normInputs) input.checked = input.value === mode;
      root.hidden = run.status === "idle";
    },
    draw() {
      const deadline = workDeadline();
      const built = buildSome(deadline);
      const finished = paintSome(deadline);
      checkLast();
      return !finished || !built;
    },
  };
}
