/**
 * How a network's layers fold on the maps page: the groups a preset names (EfficientNet-Lite0's
 * stem, stages and head, `GET /networks` → `groups`), their headings worded from their facts,
 * and what a block does with its input (added back, or not and why). DOM-free; the text comes
 * from the i18n tables in the current language.
 * @module lib/mapsBlocks
 */
import { number, t } from "./i18n.js";

/**
 * @typedef {object} LayerGroup
 * @property {string} name a stable id: "stem", "stage1" … "stage7", "head"
 * @property {string[]} layers the top-level layer names it holds, in order
 * @property {Record<string, number>} facts e.g. `{blocks, kernel, stride, channels, classes}`
 */

/**
 * A group of blocks (a stage) rather than a run of plain layers: its facts count blocks.
 * @param {LayerGroup} group
 * @returns {boolean}
 */
export function isStage(group) {
  return Number(group.facts?.blocks) > 0;
}

/**
 * The group's name in words: "Stem", "Stage 3", "Head" (or the id itself when unknown).
 * @param {string} name
 * @returns {string}
 */
export function groupName(name) {
  const stage = /^stage(\d+)$/.exec(name);
  if (stage) return t("maps.group.stage", { n: Number(stage[1]) });
  const key = `maps.group.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

/**
 * The group's facts in words, in a fixed order: blocks, kernel (depthwise in a stage, a plain
 * convolution otherwise), stride, channels, classes.
 * @param {LayerGroup} group
 * @returns {string[]}
 */
export function groupFacts(group) {
  const f = group.facts || {};
  const parts = [];
  if (f.blocks !== undefined) parts.push(t(f.blocks === 1 ? "maps.group.block" : "maps.group.blocks", { n: number(f.blocks) }));
  if (f.kernel !== undefined) parts.push(t(isStage(group) ? "maps.group.depthwise" : "maps.group.kernel", { k: f.kernel }));
  if (f.stride !== undefined) parts.push(t("maps.group.stride", { s: f.stride }));
  if (f.channels !== undefined) parts.push(t("maps.group.channels", { n: number(f.channels) }));
  if (f.classes !== undefined) parts.push(t("maps.group.classes", { n: number(f.classes) }));
  return parts;
}

/**
 * The heading of a group: "Stage 3 · 2 blocks · 5 × 5 depthwise · stride 2 · 40 channels".
 * @param {LayerGroup} group
 * @returns {string}
 */
export function groupTitle(group) {
  return [groupName(group.name), ...groupFacts(group)].join(" · ");
}

/**
 * Which group each top-level layer belongs to.
 * @param {LayerGroup[]} groups
 * @returns {Map<string, number>} layer name → index into `groups`
 */
export function groupIndex(groups) {
  const index = new Map();
  (groups || []).forEach((g, i) => { for (const name of g.layers) index.set(name, i); });
  return index;
}

/**
 * The group a block belongs to, or null.
 * @param {LayerGroup[]} groups
 * @param {string} name a top-level layer's name
 * @returns {LayerGroup|null}
 */
export function groupOf(groups, name) {
  return (groups || []).find((g) => g.layers.includes(name)) ?? null;
}

/**
 * What the layers of a group that have arrived add up to: the first one's input shape, the
 * last one's output shape, their parameters and multiply-adds.
 * @param {{input_shape: number[], output_shape: number[], params: number, macs: number}[]} layers in order
 * @returns {{from: number[], to: number[], params: number, macs: number}|null} null before any arrived
 */
export function groupSpan(layers) {
  if (!layers.length) return null;
  return {
    from: layers[0].input_shape, to: layers[layers.length - 1].output_shape,
    params: layers.reduce((s, l) => s + (l.params || 0), 0),
    macs: layers.reduce((s, l) => s + (l.macs || 0), 0),
  };
}

/**
 * A layer's inner layers as one flat list: a stream line's `children` already is one; a
 * summary row's `children` is a list of branches (a residual block's second branch is the
 * identity, empty), flattened in order.
 * @param {{children?: object[]|object[][]}} layer
 * @returns {object[]}
 */
export function innerLayers(layer) {
  const kids = layer && layer.children;
  if (!Array.isArray(kids) || !kids.length) return [];
  return Array.isArray(kids[0]) || kids.every(Array.isArray) ? kids.flat() : kids;
}

/**
 * What a block does with its input at the end. A residual block adds it back (the "+" of the
 * skip connection), as it is or through a shortcut of its own (a strided 1 x 1 convolution
 * where the shape changes); a concat block stacks its branches' maps along the channels; any
 * other block adds nothing, because its maps shrank (a stride of 2) or its channels changed,
 * so the input no longer has the output's shape.
 * @param {{kind: string, input_shape: number[], output_shape: number[]}} block
 * @param {object[][]} [branches] the block's layers branch by branch (a summary row's
 *   `children`); without them the block is taken as one branch
 * @returns {{added: boolean, concat: number[]|null, body: object[], shortcut: object[],
 *   shrinks: boolean, channels: boolean, from: number[], to: number[]}} `concat`: each
 *   branch's output channels, for a concat block
 */
export function blockJoin(block, branches = []) {
  const from = block.input_shape;
  const to = block.output_shape;
  const shrinks = from.length === 3 && to.length === 3 && (from[1] !== to[1] || from[2] !== to[2]);
  const channels = from[0] !== to[0];
  const body = branches[0] || [];
  const concat = block.kind === "concat" && branches.length
    ? branches.map((b) => (b.length ? b[b.length - 1].output_shape[0] : from[0])) : null;
  return { added: block.kind === "residual", concat, body, shortcut: block.kind === "residual" ? branches[1] || [] : [],
           shrinks, channels, from, to };
}
