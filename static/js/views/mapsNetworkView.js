/**
 * The network picker: every preset as a radio button with its title, a one-line
 * description, where its weights come from (trained here, published, hand-set, or seeded and
 * untrained, said in plain words), how the network that runs differs from the paper's, and why
 * a network is unavailable on this server (then it cannot be chosen). Under the list, a network
 * that names another to be compared with (LeNet-5 as built in 1998 and its modern variant) gets
 * both summaries side by side (`mapsCompareView.js`).
 * @module views/mapsNetworkView
 */
import { getLang, t } from "../lib/i18n.js";
import { firstSentence, shortCount } from "../lib/mapsFormat.js";
import { networkDescription, networkTitle } from "../lib/netText.js";
import { el } from "../ui/dom.js";
import { createMapsCompareView } from "./mapsCompareView.js";

/**
 * @param {HTMLElement} root
 * @param {{chooseNetwork: (name: string) => void}} actions
 * @returns {{update: (state: object) => void}}
 */
export function createMapsNetworkView(root, actions) {
  const list = el("div", { class: "maps-network-list", role: "radiogroup", "aria-labelledby": "maps-networks-title" });
  const error = el("p", { class: "message message-error", hidden: true });
  const compareRoot = el("div", { class: "maps-compares" });
  root.append(el("h2", { id: "maps-networks-title", i18n: "maps.networks.title" }), error, list, compareRoot);
  const compare = createMapsCompareView(compareRoot);
  let seen = null;
  let seenLang = null;
  const inputs = new Map();
  return {
    update(state) {
      error.hidden = !state.loadError;
      if (state.loadError) error.textContent = t("maps.loadFailed", { detail: state.loadError });
      if (state.networks !== seen || state.lang !== seenLang) {
        seen = state.networks;
        seenLang = state.lang;
        inputs.clear();
        list.replaceChildren(...state.networks.map((net) => {
          const input = el("input", { type: "radio", name: "maps-network", value: net.name,
                                      id: `maps-net-${net.name}`, disabled: Boolean(net.unavailable),
                                      on: { change: () => actions.chooseNetwork(net.name) } });
          inputs.set(net.name, input);
          const s = net.run_summary;
          const title = networkTitle(net);
          const description = networkDescription(net);
          const badge = net.unavailable ? "unavailable" : net.weights;
          // What a learner must know before reading the maps: untrained, reduced, or not here.
          const honesty = [];
          if (net.weights === "seeded") honesty.push(t("maps.networks.seededNote"));
          if (net.variant) {
            honesty.push(t("maps.networks.variantNote", { run: shortCount(s.params, getLang()),
                                                         full: shortCount(net.summary.params, getLang()) }));
          }
          if (net.unavailable) honesty.push(t("maps.networks.unavailableNote", { reason: net.unavailable }));
          return el("label", { class: `maps-network${net.unavailable ? " maps-network-off" : ""}`,
                               for: `maps-net-${net.name}`, dataset: { network: net.name, weights: net.weights } },
            input,
            el("span", { class: "maps-network-text" },
              el("span", { class: "maps-network-title" },
                el("strong", { text: title.text, lang: title.lang }),
                el("span", { class: `maps-badge maps-badge-${badge}`, text: t(`maps.networks.weights.${badge}`) })),
              el("span", { class: "maps-network-desc", text: firstSentence(description.text), lang: description.lang }),
              ...honesty.map((text) => el("span", { class: "maps-network-honest", text })),
              el("span", { class: "maps-network-size", text: t("maps.networks.size", {
                layers: s.layers.length, params: shortCount(s.params, getLang()), macs: shortCount(s.macs, getLang()),
                shape: s.input_shape.join("×") }) })));
        }));
      }
      for (const [name, input] of inputs) input.checked = name === state.network;
      compare.update(state);
    },
  };
}
