/**
 * Words for what the API names by a stable id, in the interface language: a preset network's
 * title and description, its class and channel names, a sample's title. The API speaks
 * English; `i18n/<lang>/networks.js` holds each under a key made of ids:
 * `net.<network>.title`, `net.<network>.description`, `net.<network>.label.<index>`,
 * `net.<network>.channel.<layer>.<index>` and `sample.<sample>.title`. A key the interface
 * language lacks keeps the server's English and says so (`lang: "en"`), so a view can mark it
 * `lang="en"`: EfficientNet-Lite0's 1000 ImageNet class names have no Korean list and stay
 * English on a Korean page. DOM-free.
 * @module lib/netText
 */
import { TABLES, format, getLang } from "./i18n.js";

/**
 * @typedef {{text: string, lang: string}} Worded a text and the language it is in
 */

/**
 * The interface language's words for `key`, or the server's English when it has none.
 * @param {string} key such as "net.lenet5.title"
 * @param {string|null|undefined} english what the API sent
 * @param {string} [lang] "en" or "ko" (default: the interface language)
 * @returns {Worded}
 */
export function netText(key, english, lang = getLang()) {
  const text = TABLES[lang]?.[key];
  return text === undefined ? { text: english ?? "", lang: "en" } : { text, lang };
}

/**
 * A preset's title.
 * @param {{name: string, title?: string}} net an entry of `GET /api/v1/networks`
 * @param {string} [lang]
 * @returns {Worded}
 */
export function networkTitle(net, lang) {
  return netText(`net.${net.name}.title`, net.title ?? net.name, lang);
}

/**
 * A preset's description.
 * @param {{name: string, description?: string}} net
 * @param {string} [lang]
 * @returns {Worded}
 */
export function networkDescription(net, lang) {
  return netText(`net.${net.name}.description`, net.description, lang);
}

/**
 * The name of class `index` of a network: its own entry, else the numbered "class {i}" of the
 * untrained ImageNet networks when that is what the server sent, else the server's English.
 * @param {string} network the preset's name
 * @param {number} index the class index
 * @param {string} [english] the API's label (default: the index)
 * @param {string} [lang]
 * @returns {Worded}
 */
export function classLabel(network, index, english = String(index), lang = getLang()) {
  const own = TABLES[lang]?.[`net.${network}.label.${index}`];
  if (own !== undefined) return { text: own, lang };
  const numbered = TABLES[lang]?.["net.label.numbered"];
  if (numbered !== undefined && english === format(TABLES.en["net.label.numbered"], { i: index })) {
    return { text: format(numbered, { i: index }), lang };
  }
  return { text: english, lang: "en" };
}

/**
 * Every class name of a network, by index (empty for a network that ends in maps).
 * @param {{name: string, labels?: string[]}} net
 * @param {string} [lang]
 * @returns {Worded[]}
 */
export function classLabels(net, lang) {
  return (net.labels ?? []).map((english, i) => classLabel(net.name, i, english, lang));
}

/**
 * The name of output channel `index` of layer `layer`, or null when the network names none.
 * @param {{name: string, channels?: Record<string, string[]>}} net
 * @param {string} layer the layer's name
 * @param {number} index the channel
 * @param {string} [lang]
 * @returns {Worded|null}
 */
export function channelName(net, layer, index, lang) {
  const english = net.channels?.[layer]?.[index];
  return english === undefined ? null : netText(`net.${net.name}.channel.${layer}.${index}`, english, lang);
}

/**
 * A sample image's title.
 * @param {{name: string, title?: string}} sample an entry of `GET /api/v1/samples`
 * @param {string} [lang]
 * @returns {Worded}
 */
export function sampleTitle(sample, lang) {
  return netText(`sample.${sample.name}.title`, sample.title ?? sample.name, lang);
}
