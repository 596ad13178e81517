/**
 * Geometry of the chart of information volume and parameters across a network's layers:
 * a shared logarithmic axis, its ticks at powers of ten, and the points and bars.
 * DOM-free: the view turns the numbers into SVG.
 * @module lib/mapsChart
 */

/**
 * A log10 scale from [lo, hi] (both > 0) to [bottom, top] pixels.
 * @param {number} lo
 * @param {number} hi
 * @param {number} bottom pixel of lo
 * @param {number} top pixel of hi
 * @returns {(v: number) => number}
 */
export function logScale(lo, hi, bottom, top) {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const span = b > a ? b - a : 1;
  return (v) => bottom + ((Math.log10(Math.max(v, lo)) - a) / span) * (top - bottom);
}

/**
 * Powers of ten covering [lo, hi]: the axis' ticks.
 * @param {number} lo > 0
 * @param {number} hi >= lo
 * @returns {number[]}
 */
export function decadeTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e += 1) ticks.push(10 ** e);
  return ticks;
}

/**
 * @typedef {object} ChartModel
 * @property {number} width
 * @property {number} height
 * @property {{x0: number, x1: number, y0: number, y1: number}} plot the plot area (y0 bottom)
 * @property {{value: number, y: number}[]} ticks
 * @property {{index: number, x: number, y: number, volume: number}[]} volume one point a layer
 * @property {{index: number, x: number, y: number, width: number, params: number}[]} params
 *   one bar a layer with parameters (layers without any have none)
 */

/**
 * Place the layers' volumes (points of a line) and parameters (bars) on one log axis.
 * @param {{volume: number, params: number}[]} layers in order
 * @param {{width?: number, height?: number, left?: number, right?: number, top?: number, bottom?: number}} [size]
 * @returns {ChartModel}
 */
export function chartModel(layers, size = {}) {
  const width = size.width ?? 640;
  const height = size.height ?? 220;
  const plot = { x0: size.left ?? 48, x1: width - (size.right ?? 12), y0: height - (size.bottom ?? 28),
                 y1: size.top ?? 12 };
  const values = layers.flatMap((l) => [l.volume, l.params]).filter((v) => v > 0);
  const lo = values.length ? 10 ** Math.floor(Math.log10(Math.min(...values))) : 1;
  const hi = values.length ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : 10;
  const y = logScale(lo, hi === lo ? lo * 10 : hi, plot.y0, plot.y1);
  const step = layers.length ? (plot.x1 - plot.x0) / layers.length : 0;
  const xOf = (i) => plot.x0 + (i + 0.5) * step;
  return {
    width, height, plot,
    ticks: decadeTicks(lo, hi === lo ? lo * 10 : hi).map((value) => ({ value, y: y(value) })),
    volume: layers.map((l, index) => ({ index, x: xOf(index), y: y(l.volume), volume: l.volume })),
    params: layers.flatMap((l, index) => (l.params > 0
      ? [{ index, x: xOf(index) - step * 0.35, y: y(l.params), width: step * 0.7, params: l.params }]
      : [])),
  };
}
