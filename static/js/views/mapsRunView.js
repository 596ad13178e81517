/**
 * The pass in progress: which layer has arrived out of how many (a progress bar), the
 * server's time, the time to the first and last maps on screen, and errors as sentences.
 * @module views/mapsRunView
 */
import { t } from "../lib/i18n.js";
import { msText } from "../lib/mapsFormat.js";
import { networkTitle } from "../lib/netText.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/**
 * @param {HTMLElement} root
 * @returns {{update: (state: object) => void}}
 */
export function createMapsRunView(root) {
  const status = el("p", { class: "maps-status" });
  const progress = el("progress", { class: "progress maps-progress", max: 1, value: 0,
                                    "data-i18n-attr": "aria-label:maps.run.progress" });
  const timing = el("p", { class: "maps-timing" });
  const error = el("p", { class: "message message-error maps-error", role: "alert", hidden: true });
  root.append(el("h2", { class: "visually-hidden", i18n: "maps.run.title" }), status, progress, timing, error);
  return {
    update(state) {
      const run = state.run;
      const net = state.networks.find((n) => n.name === (run.network ?? state.network));
      const name = net ? networkTitle(net).text : "";
      const arrived = run.layers.length;
      progress.max = Math.max(1, run.expected);
      progress.value = arrived;
      progress.hidden = run.status === "idle";
      error.hidden = run.status !== "error";
      if (run.status === "error") showError(error, run.error);
      if (run.status === "idle") status.textContent = t("maps.run.idle");
      else if (run.status === "running") {
        status.textContent = run.expected
          ? t("maps.run.running", { name, n: arrived, total: run.expected })
          : t("maps.run.starting", { name });
      } else if (run.status === "done") status.textContent = t("maps.run.done", { name, total: arrived });
      else status.textContent = t("maps.run.failed", { name });
      const parts = [];
      if (run.seconds !== null && run.seconds !== undefined) parts.push(t("maps.run.server", { ms: msText(run.seconds) }));
      if (run.firstMapAt) parts.push(t("maps.run.first", { ms: msText((run.firstMapAt - run.startedAt) / 1000) }));
      if (run.lastMapAt) parts.push(t("maps.run.last", { ms: msText((run.lastMapAt - run.startedAt) / 1000) }));
      timing.textContent = parts.join(" · ");
    },
  };
}
