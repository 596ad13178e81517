/**
 * Training curves as numbers a chart can draw: the axis ranges, round tick values, an SVG
 * path through the points, and window means of what the stream sent. DOM-free; the
 * values themselves (loss, accuracy per step) all come from the training stream.
 * @module lib/trainingSeries
 */

/**
 * Mean of `values[from..to)` (clamped to the array); NaN when the window is empty.
 * @param {number[]} values
 * @param {number} from
 * @param {number} to
 * @returns {number}
 */
export function windowMean(values, from, to) {
  const a = Math.max(0, from);
  const b = Math.min(values.length, to);
  if (b <= a) return NaN;
  let sum = 0;
  for (let i = a; i < b; i += 1) sum += values[i];
  return sum / (b - a);
}

/**
 * The first and last windows' means, `size` values each (or a fifth of the series when
 * shorter, at least one), for saying whether the loss fell.
 * @param {number[]} values
 * @param {number} [size]
 * @returns {{first: number, last: number, size: number}}
 */
export function firstAndLast(values, size = 10) {
  const n = Math.max(1, Math.min(size, Math.floor(values.length / 5) || 1));
  return { first: windowMean(values, 0, n), last: windowMean(values, values.length - n, values.length),
           size: n };
}

/**
 * A round step for about `count` ticks over `span` (1, 2 or 5 times a power of ten).
 * @param {number} span
 * @param {number} count
 * @returns {number}
 */
export function tickStep(span, count) {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Round ticks covering `[min, max]`: the axis runs from the first to the last tick.
 * @param {number} min
 * @param {number} max
 * @param {number} [count] about how many
 * @returns {number[]}
 */
export function niceTicks(min, max, count = 4) {
  if (!(max > min)) max = min + 1;
  const step = tickStep(max - min, count);
  const start = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = start; v < max + step * 0.5; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (ticks.length > 50) break;
  }
  if (ticks[ticks.length - 1] < max) ticks.push(Number((start + ticks.length * step).toPrecision(12)));
  return ticks;
}

/**
 * An SVG path through the points `(steps[i], values[i])` in a box `width x height`, x over
 * `[xMin, xMax]`, y over `[yMin, yMax]` upwards. Points sharing a pixel column are kept
 * (each step is drawn), values are clamped into the box.
 * @param {number[]} steps
 * @param {number[]} values
 * @param {{xMin: number, xMax: number, yMin: number, yMax: number, width: number, height: number}} box
 * @returns {string} "M x y L x y ..." or "" with no points
 */
export function linePath(steps, values, box) {
  const { xMin, xMax, yMin, yMax, width, height } = box;
  const sx = xMax > xMin ? width / (xMax - xMin) : 0;
  const sy = yMax > yMin ? height / (yMax - yMin) : 0;
  let d = "";
  for (let i = 0; i < values.length; i += 1) {
    const x = (steps[i] - xMin) * sx;
    const v = Math.min(yMax, Math.max(yMin, values[i]));
    const y = height - (v - yMin) * sy;
    d += `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
  }
  return d;
}
