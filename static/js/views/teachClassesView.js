/**
 * The classes: a card per class with its name, its photos as thumbnails, and ways to add
 * photos (a file picker, dropping files on the card, the camera: one frame per press, many
 * while held). Cards are rebuilt only when classes or photos change, so typing a name
 * keeps the focus.
 * @module views/teachClassesView
 */
import { t } from "../lib/i18n.js";
import { CLASS_COLOURS, MAX_CLASSES, MIN_CLASSES } from "../lib/teachData.js";
import { el } from "../ui/dom.js";

/**
 * @param {HTMLElement} root
 * @param {{addClass(): void, removeClass(id: number): void, rename(id: number, name: string): void,
 *   addFiles(id: number, files: File[]): void, removePhoto(id: number, photoId: number): void,
 *   captureStart(id: number): void, captureStop(): void, captureOnce(id: number): void}} actions
 * @returns {{update(state: object): void}}
 */
export function createTeachClassesView(root, actions) {
  const list = el("div", { class: "teach-classes" });
  const add = el("button", { type: "button", id: "teach-add-class", i18n: "teach.addClass",
                             on: { click: actions.addClass } });
  // Photos beyond the page's limit are not added silently: this says how many were left out.
  const full = el("p", { class: "message message-info teach-full", role: "status", hidden: true });
  root.replaceChildren(el("h2", { i18n: "teach.classes" }), list,
    el("p", { class: "teach-class-actions" }, add, el("span", { class: "teach-hint", i18n: "teach.classLimits" })), full);
  let shape = "";

  function card(c, index, state) {
    const colour = CLASS_COLOURS[index % CLASS_COLOURS.length];
    const name = el("input", { type: "text", value: c.name, maxlength: 64, "aria-label": t("teach.className", { n: index + 1 }),
                               class: "teach-name", on: { input: (e) => actions.rename(c.id, e.target.value) } });
    const file = el("input", { type: "file", accept: "image/*", multiple: true, class: "teach-file", tabindex: -1,
                               "aria-hidden": "true",
                               on: { change: (e) => { actions.addFiles(c.id, [...e.target.files]); e.target.value = ""; } } });
    const upload = el("button", { type: "button", class: "teach-upload", i18n: "teach.addPhotos", on: { click: () => file.click() } });
    const capture = el("button", { type: "button", class: "teach-capture", i18n: "teach.capture",
                                   disabled: state.camera.status !== "on",
                                   on: {
                                     pointerdown: (e) => { e.preventDefault(); actions.captureStart(c.id); },
                                     pointerup: actions.captureStop, pointerleave: actions.captureStop,
                                     pointercancel: actions.captureStop,
                                     click: (e) => { if (e.detail === 0) actions.captureOnce(c.id); },
                                   } });
    const remove = el("button", { type: "button", class: "teach-remove-class", i18n: "teach.removeClass",
                                  disabled: state.classes.length <= MIN_CLASSES,
                                  on: { click: () => actions.removeClass(c.id) } });
    const thumbs = el("ul", { class: "teach-thumbs" }, ...c.photos.map((p, i) => el("li", { class: "teach-thumb" },
      el("img", { src: p.url, alt: t("teach.photoAlt", { n: i + 1, name: c.name }) }),
      el("button", { type: "button", text: "×", "aria-label": t("teach.removePhoto", { n: i + 1, name: c.name }),
                     on: { click: () => actions.removePhoto(c.id, p.id) } }))));
    const node = el("section", { class: "teach-class", dataset: { classId: String(c.id) },
                                 "aria-label": c.name },
      el("div", { class: "teach-class-head" }, name, remove),
      el("div", { class: "teach-class-actions" }, upload, file, capture,
        el("span", { class: "teach-hint teach-count", text: t("teach.photoCount", { count: c.photos.length }) }),
        el("span", { class: "teach-hint", i18n: "teach.dropHint" })),
      thumbs);
    node.style.setProperty("--class-colour", colour);  // CSSOM, allowed by the CSP
    node.addEventListener("dragover", (e) => { e.preventDefault(); node.classList.add("teach-drop"); });
    node.addEventListener("dragleave", () => node.classList.remove("teach-drop"));
    node.addEventListener("drop", (e) => {
      e.preventDefault();
      node.classList.remove("teach-drop");
      actions.addFiles(c.id, [...(e.dataTransfer?.files ?? [])].filter((f) => f.type.startsWith("image/")));
    });
    return node;
  }

  return {
    update(state) {
      const dropped = state.dropped ?? { count: 0, max: 0 };
      full.hidden = dropped.count === 0;
      full.textContent = dropped.count ? t("teach.photosDropped", dropped) : "";
      const next = JSON.stringify([state.lang, state.camera.status,
        state.classes.map((c) => [c.id, c.photos.map((p) => p.id)])]);
      add.disabled = state.classes.length >= MAX_CLASSES;
      if (next === shape) {
        for (const node of list.children) {  // names changed only: labels follow, inputs keep focus
          const c = state.classes.find((k) => String(k.id) === node.dataset.classId);
          if (c) node.setAttribute("aria-label", c.name);
        }
        return;
      }
      const focused = document.activeElement;
      const focusKey = focused && list.contains(focused)
        ? [focused.closest(".teach-class")?.dataset.classId, focused.className] : null;
      shape = next;
      list.replaceChildren(...state.classes.map((c, i) => card(c, i, state)));
      const cls = focusKey ? String(focusKey[1]).split(" ")[0] : "";
      if (focusKey && cls) {
        const again = list.querySelector(`[data-class-id="${focusKey[0]}"] .${cls}`);
        if (again && !again.disabled) again.focus();
      }
    },
  };
}
