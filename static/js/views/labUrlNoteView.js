/**
 * The note under a lab mode's title naming what a hand-written link asked for that the mode
 * could not show, each value beside the one shown instead, in the language of the moment.
 * Every mode (convolution, pooling, transposed convolution) shows it the same way.
 * @module views/labUrlNoteView
 */
import { onLangChange, t } from "../lib/i18n.js";
import { el } from "../ui/dom.js";

/**
 * @param {{key: string, value: string, used: string}[]} refused what the mode did not take
 * @returns {HTMLElement} the note, hidden when nothing was refused
 */
export function createLabUrlNote(refused) {
  const note = el("p", { class: "lab-url-note", role: "status", hidden: refused.length === 0 });
  const word = () => {
    note.textContent = refused.length ? t("lab.url.refused", {
      list: refused.map((r) => t("lab.url.item", r)).join(t("lab.url.sep")) }) : "";
  };
  word();
  onLangChange(word);
  return note;
}
