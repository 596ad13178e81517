/**
 * "From the notes" under the network list: note 001's claim that hidden fully connected layers
 * are not widely used, answered with every preset's own summary (`lib/notesDense.js`): which
 * networks have them, how many parameters they hold and what share of the network that is.
 * @module views/mapsDenseNoteView
 */
import { number, t } from "../lib/i18n.js";
import { DENSE_NOTE, denseTable } from "../lib/notesDense.js";
import { networkTitle } from "../lib/netText.js";
import { el } from "../ui/dom.js";

/**
 * @param {HTMLElement} root the network section (the note is added at its end)
 * @returns {{update: (state: object) => void}}
 */
export function createMapsDenseNoteView(root) {
  const summary = el("summary", { class: "maps-dense-summary" });
  const head = el("tr");
  const body = el("tbody");
  const verdict = el("p", { class: "maps-dense-answer" });
  const gloss = el("p", { class: "maps-dense-gloss" });
  const note = el("details", { class: "maps-dense-note", hidden: true }, summary,
    el("blockquote", { class: "maps-dense-quote", lang: "ko", text: DENSE_NOTE.quote }), gloss,
    el("div", { class: "maps-dense-scroll", tabindex: "0", role: "region", "aria-labelledby": "maps-dense-caption" },
      el("table", { class: "maps-dense-table" },
        el("caption", { class: "visually-hidden", id: "maps-dense-caption" }), el("thead", {}, head), body)),
    verdict);
  root.append(note);
  let shown = "";

  return {
    update(state) {
      const rows = denseTable(state.networks || []);
      const key = JSON.stringify([state.lang, rows]);
      if (key === shown) return;
      shown = key;
      note.hidden = rows.length === 0;
      if (!rows.length) return;
      summary.replaceChildren(el("span", { class: "maps-dense-id", text: t("maps.dense.noteId") }), " ",
        el("span", { text: t("maps.dense.claim") }));
      gloss.replaceChildren(el("span", { text: t("maps.notes.gloss") }), " ", el("span", { lang: "en", text: DENSE_NOTE.gloss }));
      note.querySelector("caption").textContent = t("maps.dense.caption");
      head.replaceChildren(...["network", "hidden", "params", "share"].map((col) =>
        el("th", { scope: "col", text: t(`maps.dense.col.${col}`) })));
      const byName = new Map((state.networks || []).map((n) => [n.name, n]));
      body.replaceChildren(...rows.map((r) => {
        const title = networkTitle(byName.get(r.name));
        return el("tr", { dataset: { network: r.name, hidden: String(r.hidden.length), share: r.share.toFixed(4) } },
          el("th", { scope: "row" }, el("span", { text: title.text, lang: title.lang })),
          el("td", {}, r.hidden.length ? el("code", { text: r.hidden.map((h) => h.name).join(", ") }) : t("maps.dense.none")),
          el("td", { class: "maps-dense-number", text: number(r.hiddenParams) }),
          el("td", { class: "maps-dense-number", text: `${number(r.share * 100, 1)}%` }));
      }));
      const withHidden = rows.filter((r) => r.hidden.length);
      const most = withHidden.reduce((a, b) => (b.share > (a?.share ?? -1) ? b : a), null);
      verdict.replaceChildren(el("b", { text: t("maps.notes.answerLabel") }), " ", t("maps.dense.verdict", {
        with: withHidden.length, without: rows.length - withHidden.length,
        most: most ? networkTitle(byName.get(most.name)).text : "", share: most ? `${number(most.share * 100, 0)}%` : "",
      }));
    },
  };
}
