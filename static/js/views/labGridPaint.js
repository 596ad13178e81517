/**
 * Painting of one lab grid on a canvas, given its layout, values and marks: coloured cells with
 * their numbers, padding cells (dashed), cells a stride never visits (hatched), outlines of the
 * window and of the hovered cells, and the kernel's half-turn when flipping. No state and no
 * listeners: the grids view decides what to paint.
 * @module views/labGridPaint
 */
import { colourOf, css, textOn } from "../lib/colorScale.js";
import { t } from "../lib/i18n.js";
import { LABEL } from "../lib/labLayout.js";
import { formatValue, prod, shownOutputs, unravel } from "../lib/labSteps.js";

/** Duration of the kernel's half-turn when convolution and cross-correlation swap (ms). */
export const ROTATE_MS = 700;
/** Fill behind the receptive field and the feeds of a hovered cell. */
export const SELECT_FILL = "rgba(204, 121, 167, 0.35)";

/**
 * @typedef {object} GridColours CSS colours of the page's custom properties
 * @property {string} pad padding cells
 * @property {string} highlight the current step's window
 * @property {string} select the hovered cell, its field or feeds
 * @property {string} skip hatching of never-visited cells
 * @property {string} rule cell borders
 * @property {string} fg titles
 * @property {string} muted labels and padding numbers
 */

/**
 * @typedef {object} GridMark an outline over some cells
 * @property {number[][]} cells (n, *spatial) positions
 * @property {string} colour
 * @property {number} width line width in pixels
 * @property {string} [fill] a fill under the outline
 */

function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The grid colours from the page's CSS custom properties (with fallbacks).
 * @returns {GridColours}
 */
export function readColours() {
  return {
    pad: cssVar("--pad", "#e9ecf2"), highlight: cssVar("--highlight", "#d55e00"),
    select: cssVar("--select", "#cc79a7"), skip: cssVar("--skip", "#9aa3b2"),
    rule: cssVar("--rule", "#dfe3ea"), fg: cssVar("--fg", "#1d2330"), muted: cssVar("--muted", "#5b6475"),
  };
}

/**
 * The colour range of some values, always including 0 (so 0 stays the neutral middle).
 * @param {number[]} values
 * @returns {{min: number, max: number}}
 */
export function valueRange(values) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  return { min: Math.min(min, 0), max: Math.max(max, 0) };
}

/** Sets the largest font (8..14 px) that fits the text in a cell; false when none does. */
function textFit(ctx, text, cell) {
  let size = Math.min(14, Math.floor(cell * 0.36));
  ctx.font = `${size}px ui-monospace, monospace`;
  while (size > 8 && ctx.measureText(text).width > cell - 3) {
    size -= 1;
    ctx.font = `${size}px ui-monospace, monospace`;
  }
  return size >= 8 && ctx.measureText(text).width <= cell - 2;
}

function sliceLabels(ctx, layout, colours) {
  for (let s = 0; s < layout.slices && layout.nd === 3; s += 1) {
    const [x0, y0] = layout.origin(s);
    ctx.fillStyle = colours.muted;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(t("lab.grid.slice", { d: s + 1 }), x0, y0 - LABEL / 2);
    ctx.textAlign = "center";
  }
}

function hatch(ctx, x, y, cell, colour) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, cell, cell);
  ctx.clip();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  for (let d = -cell; d < cell; d += 6) {
    ctx.beginPath();
    ctx.moveTo(x + d, y + cell);
    ctx.lineTo(x + d + cell, y);
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * Paint a grid's cells (all of them, or the flat range `from..to`), in CSS pixels.
 * @param {CanvasRenderingContext2D} ctx
 * @param {import("../lib/labLayout.js").GridLayout} layout
 * @param {number[]} shape (*spatial) of the grid
 * @param {number[]} values (prod(shape),) row-major
 * @param {{min: number, max: number}} range the colour scale's range
 * @param {GridColours} colours
 * @param {object} [options]
 * @param {string[]} [options.texts] (prod(shape),) numbers to write ("" leaves a cell blank and white)
 * @param {(pos: number[]) => boolean} [options.padding] whether a cell is padding
 * @param {boolean[][]} [options.covered] (nd, size) per axis: visited by some window; others hatched
 * @param {number} [options.from] first flat index (slice labels only when 0)
 * @param {number} [options.to] end flat index
 */
export function paintCells(ctx, layout, shape, values, range, colours, options = {}) {
  const { cell } = layout;
  const showText = cell >= 20;
  const { covered } = options;
  const from = options.from ?? 0;
  const to = options.to ?? prod(shape);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  if (from === 0) sliceLabels(ctx, layout, colours);
  for (let i = from; i < to; i += 1) {
    const pos = unravel(i, shape);
    const [x, y] = layout.rect(pos);
    const text = options.texts ? options.texts[i] : formatValue(values[i]);
    const padding = options.padding && options.padding(pos);
    let fill;
    if (padding) fill = colours.pad;
    else if (text === "") fill = "#ffffff";
    else fill = css(colourOf(values[i], range.min, range.max, "diverging"));
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, cell, cell);
    ctx.strokeStyle = padding ? "#b9c1cf" : colours.rule;
    ctx.lineWidth = 1;
    if (padding) ctx.setLineDash([3, 2]);
    ctx.strokeRect(x + 0.5, y + 0.5, cell - 1, cell - 1);
    ctx.setLineDash([]);
    if (covered && !pos.every((v, a) => covered[a][v])) hatch(ctx, x, y, cell, colours.skip);
    if (showText && text !== "" && textFit(ctx, text, cell)) {
      ctx.fillStyle = padding ? colours.muted : textOn(padding ? [233, 236, 242]
        : colourOf(values[i], range.min, range.max, "diverging"));
      ctx.fillText(text, x + cell / 2, y + cell / 2 + 0.5);
    }
  }
}

/**
 * Outline cells (optionally filling them first), in CSS pixels.
 * @param {CanvasRenderingContext2D} ctx
 * @param {import("../lib/labLayout.js").GridLayout} layout
 * @param {GridMark} mark
 */
export function paintMark(ctx, layout, { cells, colour, width, fill }) {
  const { cell } = layout;
  for (const pos of cells) {
    const [x, y] = layout.rect(pos);
    if (fill) {
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, cell, cell);
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.strokeRect(x + width / 2, y + width / 2, cell - width, cell - width);
  }
}

/**
 * A fresh off-screen canvas the size of `like`, its context scaled by `dpr`.
 * @param {HTMLCanvasElement} like
 * @param {number} dpr device pixels per CSS pixel
 * @param {HTMLCanvasElement} [reuse] a canvas to resize and reuse
 * @returns {HTMLCanvasElement}
 */
export function offscreen(like, dpr, reuse) {
  const base = reuse ?? document.createElement("canvas");
  base.width = like.width;
  base.height = like.height;
  base.getContext("2d").setTransform(dpr, 0, 0, dpr, 0, 0);
  return base;
}

/**
 * @typedef {object} OutputPaint an output map's painted cells, kept between frames
 * @property {HTMLCanvasElement|null} base the painted cells
 * @property {object|null} baseTrace the trace they were painted from
 * @property {number} filled cells painted with their value
 * @property {number[]} values (prod(shape),) the map's values
 * @property {{min: number, max: number}} range
 * @property {string[]} shown (prod(shape),) the numbers shown ("" for cells not yet filled)
 */

/**
 * Paint an output map's cells into its base canvas: only the cells filled since the last
 * frame while playing forward, all of them after a jump back or a new answer.
 * @param {OutputPaint & {canvas: HTMLCanvasElement, channel: number, shape: number[], layout: object}} entry
 *   the map (updated in place; its canvas gets `data-shown`, `data-rows`, `data-cols`, `data-slices`)
 * @param {object} tr the prepared trace
 * @param {number} done steps done
 * @param {GridColours} colours
 * @param {number} dpr device pixels per CSS pixel
 */
export function paintOutput(entry, tr, done, colours, dpr) {
  const n = prod(entry.shape);
  const filled = Math.max(0, Math.min(n, done - entry.channel * n));
  const full = !entry.base || entry.baseTrace !== tr || filled < entry.filled;
  if (!full && filled === entry.filled) return;
  if (full) {
    entry.base = offscreen(entry.canvas, dpr, entry.base ?? undefined);
    entry.baseTrace = tr;
    entry.filled = 0;
    entry.values = tr.result.slice(entry.channel * n, (entry.channel + 1) * n);
    entry.range = valueRange(tr.result);
    entry.shown = shownOutputs(tr, done).slice(entry.channel * n, (entry.channel + 1) * n);
  } else {
    for (let i = entry.filled; i < filled; i += 1) entry.shown[i] = formatValue(entry.values[i]);
  }
  const ctx = entry.base.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  paintCells(ctx, entry.layout, entry.shape, entry.values, entry.range, colours, { texts: entry.shown,
    from: full ? 0 : entry.filled, to: full ? n : filled });
  entry.filled = filled;
  entry.canvas.dataset.shown = entry.shown.join(",");
  entry.canvas.dataset.rows = String(entry.layout.rows);
  entry.canvas.dataset.cols = String(entry.layout.cols);
  entry.canvas.dataset.slices = String(entry.layout.slices);
}

/**
 * Draw a painted base onto its visible canvas, then the marks over it.
 * @param {HTMLCanvasElement} canvas the visible canvas
 * @param {HTMLCanvasElement} base the painted cells, same size
 * @param {import("../lib/labLayout.js").GridLayout} layout
 * @param {GridMark[]} marks
 * @param {number} dpr
 */
export function drawGrid(canvas, base, layout, marks, dpr) {
  const ctx = canvas.getContext("2d");
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(base, 0, 0);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  for (const mark of marks) paintMark(ctx, layout, mark);
}

/**
 * Draw a painted kernel turned on its way through a half-turn (eased in and out).
 * @param {HTMLCanvasElement} canvas the visible canvas
 * @param {HTMLCanvasElement} base the painted kernel, same size
 * @param {number} f progress 0..1 (0: turned by 180 degrees, 1: upright)
 */
export function drawTurning(canvas, base, f) {
  const ctx = canvas.getContext("2d");
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const angle = Math.PI * (1 - (f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2));
  const cx = canvas.width / 2;
  const cy = canvas.height / 2;
  ctx.translate(cx, cy);
  ctx.rotate(angle);
  ctx.translate(-cx, -cy);
  ctx.drawImage(base, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
