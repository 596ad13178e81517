/**
 * "From the notes", beside the output-size formula: the learners' study notes checked against
 * the engine with the lab's current settings. One disclosure per entry of `lib/notes.js` that
 * applies: closed, its line states the verdict with the numbers; open, the note's Korean words,
 * their English gloss, what is wrong (or the answer to the note's question), the note's version
 * and the right one filled in beside the engine's answer, and a button that sets the knobs
 * showing the point best.
 * @module views/labNotesView
 */
import { number, t } from "../lib/i18n.js";
import { NOTE_ENTRIES, labNotes } from "../lib/notes.js";
import { el } from "../ui/dom.js";

/** The entry open when the page loads: the output-size formula, right under the lab's own. */
const OPEN_FIRST = "002-size";

/** Shapes ("5 × 5") never break across lines. */
const keep = (value) => value.replace(/ × /g, "\u00a0×\u00a0");

function text(item) {
  const vars = {};
  for (const [name, value] of Object.entries(item.vars ?? {})) {
    vars[name] = typeof value === "number" ? number(value, 2) : keep(String(value));
  }
  return t(item.key, vars);
}

function valueText(row) {
  if (row.value === null) {
    if (row.pending) return t("lab.notes.pending");
    return t(row.kind === "engine" ? "lab.notes.refused" : "lab.notes.none");
  }
  return typeof row.value === "number" ? number(row.value, 2) : keep(String(row.value));
}

function rowNode(row) {
  const label = row.label ? text(row.label) : row.kind === "info" ? "" : t(`lab.notes.row.${row.kind}`);
  const item = el("li", { class: `lab-notes-row lab-notes-row-${row.kind}`, dataset: { kind: row.kind } },
    el("span", { class: "lab-notes-label", text: label }));
  if (row.formula) item.append(" ", el("code", { class: "lab-notes-formula", text: row.formula }));
  if (row.value !== undefined) {
    const value = el("b", { class: row.wrong ? "lab-notes-value lab-notes-bad" : "lab-notes-value",
      dataset: { value: row.value === null ? "" : String(row.value) }, text: valueText(row) });
    item.append(row.formula && !row.formula.endsWith("→") ? " = " : " ", value);
    if (row.wrong) {
      item.append(el("span", { class: "lab-notes-cross", "aria-hidden": "true", text: " ✗" }),
        el("span", { class: "visually-hidden", text: ` ${t("lab.notes.wrongMark")}` }));
    }
  }
  if (row.ratio) item.append(" ", el("span", { class: "lab-notes-ratio", text: `(${row.ratio})` }));
  return item;
}

/**
 * Create the notes view inside its section.
 * @param {HTMLElement} root the section (placed after the formula by the page)
 * @param {import("../state.js").Store<object>} store
 * @param {{knobs: (patch: object) => void}} actions
 * @returns {{update: (s: object) => void}}
 */
export function createLabNotesView(root, store, actions) {
  const title = el("h2", { class: "lab-panel-title", id: "lab-notes-title" });
  const lead = el("p", { class: "lab-note lab-notes-lead" });
  const list = el("div", { class: "lab-notes-list" });
  root.append(title, lead, list);

  const cards = new Map();
  for (const entry of NOTE_ENTRIES) {
    const card = {
      key: "",
      action: null,
      summaryText: el("span", { class: "lab-notes-line" }),
      kind: el("span", { class: `lab-notes-kind lab-notes-kind-${entry.kind}` }),
      glossLabel: el("span", { class: "lab-notes-gloss-label" }),
      wrongLabel: el("b", { class: "lab-notes-wrong-label" }),
      wrong: el("span", { class: "lab-notes-wrong-text" }),
      numbersLabel: el("h3", { class: "lab-notes-numbers" }),
      rows: el("ul", { class: "lab-notes-rows" }),
      button: el("button", { type: "button", class: "lab-notes-try", hidden: true,
        on: { click: () => { if (card.action) actions.knobs(card.action.knobs); } } }),
    };
    card.summary = el("summary", { class: "lab-notes-summary" }, card.kind, " ", card.summaryText);
    card.details = el("details", { class: "lab-notes-entry", dataset: { note: entry.id }, open: entry.id === OPEN_FIRST },
      card.summary,
      el("div", { class: "lab-notes-body" },
        el("blockquote", { class: "lab-notes-quote", lang: "ko", text: entry.quote }),
        el("p", { class: "lab-notes-gloss" }, card.glossLabel, " ", el("span", { lang: "en", text: entry.gloss })),
        el("p", { class: "lab-notes-wrong" }, card.wrongLabel, " ", card.wrong),
        card.numbersLabel, card.rows, card.button));
    cards.set(entry.id, card);
    list.append(card.details);
  }

  let lang = null;

  function fill(card, result, state) {
    const key = `${state.lang}|${JSON.stringify(result)}`;
    if (key === card.key) return;
    card.key = key;
    card.summaryText.textContent = result.summary.map(text).join(" ");
    card.wrong.textContent = result.explain.map(text).join(" ");
    card.rows.replaceChildren(...result.rows.map(rowNode));
    card.action = result.action;
    const hide = !result.action;
    if (hide && document.activeElement === card.button) card.summary.focus();
    card.button.hidden = hide;
    card.button.textContent = result.action ? t(result.action.key) : "";
    card.details.dataset.summary = card.summaryText.textContent;
  }

  function update(state) {
    if (state.lang !== lang) {
      lang = state.lang;
      title.textContent = t("lab.notes.title");
      lead.textContent = t("lab.notes.lead");
      for (const [id, card] of cards) {
        const entry = NOTE_ENTRIES.find((e) => e.id === id);
        card.kind.textContent = t(`lab.notes.kind.${entry.kind}`);
        card.glossLabel.textContent = t("lab.notes.gloss");
        card.wrongLabel.textContent = t({ question: "lab.notes.answer", why: "lab.notes.because" }[entry.kind] ?? "lab.notes.wrong");
        card.numbersLabel.textContent = t("lab.notes.numbers");
      }
    }
    const shown = new Map(labNotes(state).map((n) => [n.entry.id, n]));
    for (const [id, card] of cards) {
      const item = shown.get(id);
      card.details.hidden = !item;
      if (item) fill(card, item.result, state);
    }
  }

  return { update };
}
