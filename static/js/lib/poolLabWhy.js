/**
 * The notes' "why" claims about pooling, with the lab's current numbers: max pooling keeps a
 * strong feature that averaging blurs (note 002), pooling works per channel and keeps C (001),
 * pooling has no parameters (001), and the average's border divisors depend only on the shape
 * (001). DOM-free: each function reads the engine's answers (the traced pooling, the other
 * kind's output, `/shapes`, a second trace with other values) and returns numbers; the view
 * words them in both languages.
 * @module lib/poolLabWhy
 */
import { prod, unravel } from "./labSteps.js";
import { seededIntegers } from "./opsNumbers.js";
import { divisorGrid } from "./poolLabTrace.js";

/**
 * The real input values of one channel, read from the trace's padded input.
 * @param {import("./poolLabTrace.js").PoolLabTrace} tr
 * @param {number} channel
 * @returns {number[]} (prod(S),) row-major
 */
export function channelValues(tr, channel) {
  const n = prod(tr.paddedShape);
  const out = [];
  for (let i = 0; i < n; i += 1) if (tr.inside[i]) out.push(tr.padded[channel * n + i]);
  return out;
}

/**
 * @typedef {object} StrongFeature
 * @property {number} value the channel's largest input value
 * @property {number[]} pos its input position (the first, in reading order)
 * @property {number[]} windows flat output positions whose window holds it (none: a stride skips it)
 * @property {number[]} maxGrid (prod(O),) max pooling's output of the channel
 * @property {number[]} avgGrid (prod(O),) average pooling's output of the channel
 * @property {number} kept max pooling's largest output over those windows (the value itself)
 * @property {number} blurred average pooling's largest output over those windows
 * @property {number} at the output position `blurred` is at (-1 when skipped)
 * @property {boolean} flat every value of the channel is the same: no value stands out
 */

/**
 * Max against average pooling on the same input: where the strongest value goes.
 * @param {import("./poolLabTrace.js").PoolLabTrace} tr the traced pooling (either kind)
 * @param {number[]} other (C * prod(O),) the other kind's output, same settings
 * @param {number} [channel]
 * @returns {StrongFeature}
 */
export function strongFeature(tr, other, channel = 0) {
  const values = channelValues(tr, channel);
  let best = 0;
  values.forEach((v, i) => { if (v > values[best]) best = i; });
  const n = prod(tr.outShape);
  const mine = tr.result.slice(channel * n, (channel + 1) * n);
  const theirs = other.slice(channel * n, (channel + 1) * n);
  const maxGrid = tr.kind === "max" ? mine : theirs;
  const avgGrid = tr.kind === "max" ? theirs : mine;
  const windows = tr.feeds[best] ?? [];
  let at = -1;
  for (const o of windows) if (at < 0 || avgGrid[o] > avgGrid[at]) at = o;
  return {
    value: values[best], pos: unravel(best, tr.inShape), windows, maxGrid, avgGrid,
    kept: windows.length ? Math.max(...windows.map((o) => maxGrid[o])) : NaN,
    blurred: at >= 0 ? avgGrid[at] : NaN, at, flat: values.every((v) => v === values[0]),
  };
}

/**
 * Pooling per channel: the shapes in and out, C unchanged, one window per channel and position.
 * @param {import("./poolLabTrace.js").PoolLabTrace} tr
 * @returns {{channels: number, inShape: number[], outShape: number[], perChannel: number,
 *   stepsByChannel: number[]}}
 */
export function perChannel(tr) {
  const stepsByChannel = new Array(tr.channels).fill(0);
  for (const row of tr.index) stepsByChannel[row[1]] += 1;
  return { channels: tr.channels, inShape: tr.inShape, outShape: tr.outShape, perChannel: prod(tr.outShape),
    stepsByChannel };
}

/**
 * The parameter count of the pooling beside a convolution with the same window, from the
 * engine's `/shapes` answers, and the convolution's count written out.
 * @param {object} poolAnswer `/shapes` of the pooling layer
 * @param {object} convAnswer `/shapes` of the convolution, C to C channels
 * @param {{channels: number, k: number, dim: number}} state
 * @returns {{pool: number, conv: number, formula: string}}
 */
export function parameterCounts(poolAnswer, convAnswer, state) {
  const c = state.channels;
  const window = new Array(state.dim).fill(state.k).join("×");
  return { pool: poolAnswer.params, conv: convAnswer.params, formula: `${c}·${c}·${window} + ${c}` };
}

/**
 * Other input values of the same shape, to show the divisors do not change with them.
 * @param {number[]} input (C * prod(S),)
 * @returns {number[]} as many whole numbers 0..9, not all equal to the input's
 */
export function otherValues(input) {
  const values = seededIntegers(97 + input.length, input.length, 0, 9);
  if (values.every((v, i) => v === input[i])) return values.map((v) => v + 1);
  return values;
}

/**
 * Whether two traces (same settings, different values) divide by the same numbers.
 * @param {import("./poolLabTrace.js").PoolLabTrace} tr
 * @param {import("./poolLabTrace.js").PoolLabTrace} other
 * @returns {{grid: number[], otherGrid: number[], same: boolean, distinct: number[]}}
 *   `distinct`: the different divisors, smallest first
 */
export function divisorCheck(tr, other) {
  const grid = divisorGrid(tr);
  const otherGrid = divisorGrid(other);
  const same = grid.length === otherGrid.length && grid.every((d, i) => d === otherGrid[i])
    && tr.divisor.every((d, i) => d === other.divisor[i]);
  const distinct = [...new Set(grid)].sort((a, b) => a - b);
  return { grid, otherGrid, same, distinct };
}

/**
 * The notes' words each panel answers (Korean, as written) with an English gloss.
 * @type {Record<string, {note: string, quote: string, gloss: string}>}
 */
export const POOL_NOTE_QUOTES = {
  feature: { note: "002",
    quote: "보통은 최대 풀링이 사용되는데, 평균 풀링은 각 커널 값을 평균화시켜 중요한 가중치를 갖는 값의 특성이 희미해질 수 있기 때문입니다.",
    gloss: "Max pooling is the usual choice, because average pooling averages the values under the kernel and the feature of an important value can fade." },
  channels: { note: "001",
    quote: "풀링 층을 거쳐도 이미지 해상도가 감소 할 뿐, 채널 수는 변하지 않음",
    gloss: "A pooling layer only lowers the image's resolution; the number of channels does not change." },
  params: { note: "001",
    quote: "풀링 계층은 파라미터를 보유하지 않는다",
    gloss: "A pooling layer holds no parameters." },
  divisors: { note: "001",
    quote: "해당 정보는 데이터에 따라 달라지는 것이 아닌 입력 형태, 풀링 계층의 커널 크기, 보폭에 따라 결정되므로 풀링 계층이 처음 만들어질 때 한 번만 구해 반복 활용하는 것이 효율적",
    gloss: "This depends not on the data but on the input's shape and the pooling layer's kernel size and stride, so it is best computed once, when the layer is made, and reused." },
};
