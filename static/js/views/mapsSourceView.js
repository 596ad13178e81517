/**
 * Where the image comes from: upload (file picker or drag and drop), a sample the server
 * ships, or a digit drawn on a canvas (its own view, `mapsDrawView`, mounted in `drawRoot`).
 * @module views/mapsSourceView
 */
import { t } from "../lib/i18n.js";
import { sampleTitle } from "../lib/netText.js";
import { el, fillWords } from "../ui/dom.js";

const TABS = ["upload", "samples", "draw"];

/**
 * @param {HTMLElement} root
 * @param {{chooseFile: (f: File) => void, chooseSample: (s: object) => void, setTab: (tab: string) => void}} actions
 * @returns {{update: (state: object) => void, draw: () => void, drawRoot: HTMLElement}}
 */
export function createMapsSourceView(root, actions) {
  const title = el("h2", { id: "maps-source-title", i18n: "maps.source.title" });
  const tabList = el("div", { class: "maps-tabs", role: "tablist", "data-i18n-attr": "aria-label:maps.source.title" });
  const panels = {};
  const tabs = {};
  for (const name of TABS) {
    tabs[name] = el("button", {
      type: "button", role: "tab", id: `maps-tab-${name}`, class: "maps-tab", i18n: `maps.source.${name}`,
      "aria-controls": `maps-panel-${name}`, dataset: { tab: name },
      on: { click: () => actions.setTab(name) },
    });
    tabList.append(tabs[name]);
    panels[name] = el("div", { role: "tabpanel", id: `maps-panel-${name}`, class: "maps-panel",
                               "aria-labelledby": `maps-tab-${name}` });
  }
  tabList.addEventListener("keydown", (event) => {
    const i = TABS.indexOf(event.target.dataset.tab);
    if (i < 0) return;
    let j = null;
    if (event.key === "ArrowRight") j = (i + 1) % TABS.length;
    else if (event.key === "ArrowLeft") j = (i + TABS.length - 1) % TABS.length;
    else if (event.key === "Home") j = 0;
    else if (event.key === "End") j = TABS.length - 1;
    if (j === null) return;
    event.preventDefault();
    actions.setTab(TABS[j]);
    tabs[TABS[j]].focus();
  });

  // Upload: a real file input (keyboard, screen readers) inside a drop zone.
  const input = el("input", { type: "file", accept: "image/*", id: "maps-file", class: "maps-file-input",
                              on: { change: () => { if (input.files[0]) actions.chooseFile(input.files[0]); } } });
  const drop = el("label", { class: "maps-drop", for: "maps-file" },
    el("span", { class: "maps-drop-title", i18n: "maps.source.pick" }),
    el("span", { class: "maps-drop-hint", i18n: "maps.source.dropHint" }));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("maps-drop-over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("maps-drop-over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("maps-drop-over");
    const file = event.dataTransfer?.files?.[0];
    if (file) actions.chooseFile(file);
  });
  panels.upload.append(input, drop);

  const sampleList = el("ul", { class: "maps-samples" });
  panels.samples.append(el("p", { class: "maps-hint", i18n: "maps.source.samplesHint" }), sampleList);

  const drawRoot = el("div", { class: "maps-draw" });
  panels.draw.append(drawRoot);

  const chosen = el("p", { class: "maps-chosen" });
  root.append(title, tabList, ...Object.values(panels), chosen);

  let seenSamples = null;
  let seenLang = null;
  return {
    drawRoot,
    update(state) {
      for (const name of TABS) {
        const on = state.sourceTab === name;
        tabs[name].setAttribute("aria-selected", String(on));
        tabs[name].tabIndex = on ? 0 : -1;
        panels[name].hidden = !on;
      }
      if (state.samples !== seenSamples || state.lang !== seenLang) {
        seenSamples = state.samples;
        seenLang = state.lang;
        sampleList.replaceChildren(...state.samples.map((sample) => {
          const name = sampleTitle(sample);
          return el("li", {},
            el("button", { type: "button", class: "maps-sample", dataset: { sample: sample.name },
                           // The credit is the API's English: a tooltip on an English page only
                           // (the chosen line below shows it, marked, in every language).
                           title: state.lang === "en" ? sample.credit ?? undefined : undefined,
                           on: { click: () => actions.chooseSample(sample) } },
              el("img", { src: sample.url, alt: "", width: 48, height: 48 }),
              el("span", { text: name.text, lang: name.lang })));
        }));
      }
      const source = state.source;
      if (!source) chosen.textContent = t("maps.source.none");
      else if (source.kind === "sample") {
        fillWords(chosen, "maps.source.chosen", { name: sampleTitle(source.sample) });
        // A real photograph names who took it and its licence (the API's English, marked).
        if (source.sample.credit) {
          const credit = el("span");
          fillWords(credit, "maps.source.credit", { credit: { text: source.sample.credit, lang: "en" } });
          chosen.append(" ", ...credit.childNodes);
        }
      } else if (source.kind === "drawing") chosen.textContent = t("maps.source.chosenDrawing");
      else chosen.textContent = t("maps.source.chosen", { name: source.label });
    },
    draw() {},
  };
}
