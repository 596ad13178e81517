/**
 * Note 001's question (why doubling the channels, then 2 x 2 pooling, halves the information
 * volume) answered on `/maps` with a streamed layer's own numbers. DOM-free.
 * @module lib/notesVolume
 */
import { prod } from "./labSteps.js";

/**
 * @typedef {object} VolumeStage
 * @property {number} start index of the stage's first layer (after the previous downsampling
 *   layer, or the network's first layer)
 * @property {string[]} names the layers between the stage's start and this layer
 * @property {{shape: number[], volume: number}} from the stage's input
 * @property {{shape: number[], volume: number, ratio: number}} before this layer's input
 * @property {{shape: number[], volume: number, ratio: number}} after this layer's output
 * @property {number} total after.volume / from.volume
 * @property {{from: number, to: number, ratio: number}} channels C before and after the stage
 * @property {{from: number, to: number, ratio: number}} positions H*W before and after
 * @property {boolean} exact the note's case exactly: x2, then x1/4, so x1/2
 */

const positions = (shape) => prod(shape.slice(1));
const isMaps = (shape) => Array.isArray(shape) && shape.length >= 3;
/** A layer that downsamples: maps in and out, at most half the positions (pooling, stride 2). */
const downsamples = (l) => isMaps(l.input_shape) && isMaps(l.output_shape)
  && 2 * positions(l.output_shape) <= positions(l.input_shape);

/**
 * Note 001's question for one streamed layer: when this layer downsamples the maps (at most
 * half the positions H x W: a pooling, a stride-2 convolution or block), the information volume
 * from the stage's input (the output of the previous downsampling layer, or the network's input)
 * to this layer's output, split into the channels' factor and the positions' factor. Null for a
 * layer that does not downsample (a padding-free convolution shrinking 62 to 60 does not).
 * @param {{name: string, input_shape: number[], output_shape: number[]}[]} layers the layers so
 *   far, in order (a layer line's fields)
 * @param {number} index this layer's position in `layers`
 * @returns {VolumeStage|null}
 */
export function volumeStage(layers, index) {
  const layer = layers[index];
  if (!layer || !downsamples(layer)) return null;
  let start = index;
  while (start > 0 && isMaps(layers[start - 1].input_shape) && isMaps(layers[start - 1].output_shape)
         && !downsamples(layers[start - 1])) {
    start -= 1;
  }
  const from = layers[start].input_shape;
  const before = layer.input_shape;
  const after = layer.output_shape;
  const v0 = prod(from);
  const v1 = prod(before);
  const v2 = prod(after);
  const r1 = v1 / v0;
  const r2 = v2 / v1;
  return {
    start,
    names: layers.slice(start, index).map((l) => l.name),
    from: { shape: from, volume: v0 },
    before: { shape: before, volume: v1, ratio: r1 },
    after: { shape: after, volume: v2, ratio: r2 },
    total: v2 / v0,
    channels: { from: from[0], to: after[0], ratio: after[0] / from[0] },
    positions: { from: positions(from), to: positions(after), ratio: positions(after) / positions(from) },
    exact: Math.abs(after[0] / from[0] - 2) < 1e-12 && Math.abs(positions(after) / positions(from) - 0.25) < 1e-12,
  };
}
