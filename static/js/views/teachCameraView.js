/**
 * The camera panel: its preview and the start/stop button. The page owns the stream; this
 * view shows it and asks for changes through `actions`.
 * @module views/teachCameraView
 */
import { TABLES, getLang, t } from "../lib/i18n.js";
import { english } from "../lib/serverText.js";
import { el } from "../ui/dom.js";
import { showError } from "./errorMessage.js";

/**
 * @param {HTMLElement} root
 * @param {{toggleCamera: () => void}} actions
 * @param {HTMLVideoElement} video the page's preview element (frames are read from it)
 * @returns {{update(state: object): void}}
 */
export function createTeachCameraView(root, actions, video) {
  const button = el("button", { type: "button", id: "teach-camera-toggle", on: { click: actions.toggleCamera } });
  const status = el("p", { class: "teach-status", role: "status" });
  video.setAttribute("aria-label", t("teach.cameraLabel"));
  root.replaceChildren(el("h2", { i18n: "teach.camera" }),
    el("div", { class: "teach-camera" }, video, el("div", {}, button, status)));
  return {
    update(state) {
      const { camera } = state;
      const on = camera.status === "on";
      button.textContent = t(on ? "teach.cameraStop" : "teach.cameraStart");
      button.setAttribute("aria-pressed", String(on));
      button.disabled = camera.status === "starting";
      video.hidden = !on;
      video.setAttribute("aria-label", t("teach.cameraLabel"));
      if (camera.status === "error") {
        // The browser names why (NotAllowedError, ...): worded when the table knows the name.
        const why = TABLES[getLang()][`teach.cameraWhy.${camera.error}`];
        showError(status, why ?? english(camera.error), "teach.cameraError");
      } else status.textContent = on ? "" : t("teach.cameraOff");
      status.classList.toggle("teach-error", camera.status === "error");
    },
  };
}
