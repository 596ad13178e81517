/**
 * Where the lab's grid cells go on a canvas: a 1-D row, a 2-D grid or a 3-D stack of slices
 * (slices wrap into rows that fit the width), the cell sizes of the input, kernel and output
 * panels, a pixel back to its cell, and arrow-key moves of a grid's cursor. Pure arithmetic
 * in CSS pixels; the views paint and listen.
 * @module lib/labLayout
 */

/** Pixels between two slices of a 3-D grid. */
export const GAP = 10;
/** Pixels above each slice of a 3-D grid for its "slice d" label. */
export const LABEL = 16;

/**
 * @typedef {object} GridLayout
 * @property {number} nd 1, 2 or 3
 * @property {number} cols cells across one slice
 * @property {number} rows cells down one slice (1 for a 1-D row)
 * @property {number} slices slices (1 unless 3-D)
 * @property {number} cell pixels per cell
 * @property {number} label pixels above each slice for its label (0 unless 3-D)
 * @property {number} perRow slices side by side
 * @property {number} width pixels across the whole grid
 * @property {number} height pixels down the whole grid
 * @property {(slice: number) => number[]} origin top-left `[x, y]` of a slice's first cell
 * @property {(pos: number[]) => number[]} rect top-left `[x, y]` of the cell at `pos` (*spatial)
 * @property {(x: number, y: number) => number[]|null} at the cell `pos` (*spatial) under a pixel, or null
 */

/**
 * Where the cells of a 1-D row, a 2-D grid or a 3-D stack of slices go.
 * @param {number[]} shape (*spatial), 1 to 3 sizes
 * @param {number} cell pixels per cell
 * @param {number} avail pixels available across
 * @returns {GridLayout}
 */
export function layoutFor(shape, cell, avail) {
  const nd = shape.length;
  const cols = shape[nd - 1];
  const rows = nd >= 2 ? shape[nd - 2] : 1;
  const slices = nd === 3 ? shape[0] : 1;
  const label = nd === 3 ? LABEL : 0;
  const sliceW = cols * cell;
  const sliceH = rows * cell + label;
  const perRow = Math.max(1, Math.min(slices, Math.floor((avail + GAP) / (sliceW + GAP))));
  return {
    nd, cols, rows, slices, cell, label, perRow,
    width: perRow * (sliceW + GAP) - GAP,
    height: Math.ceil(slices / perRow) * (sliceH + GAP) - GAP,
    origin(slice) {
      return [(slice % perRow) * (sliceW + GAP), Math.floor(slice / perRow) * (sliceH + GAP) + label];
    },
    rect(pos) {
      const slice = nd === 3 ? pos[0] : 0;
      const [x0, y0] = this.origin(slice);
      return [x0 + pos[nd - 1] * cell, y0 + (nd >= 2 ? pos[nd - 2] : 0) * cell];
    },
    at(x, y) {
      for (let s = 0; s < slices; s += 1) {
        const [x0, y0] = this.origin(s);
        const c = Math.floor((x - x0) / cell);
        const r = Math.floor((y - y0) / cell);
        if (c >= 0 && c < cols && r >= 0 && r < rows) {
          return nd === 3 ? [s, r, c] : nd === 2 ? [r, c] : [c];
        }
      }
      return null;
    },
  };
}

/**
 * The largest cell (at most `max`, at least 8 pixels) that fits every shape's last axis across.
 * @param {number[][]} shapes each (*spatial)
 * @param {number} avail pixels available across
 * @param {number} max largest cell wanted
 * @returns {number}
 */
export function cellSizeFor(shapes, avail, max) {
  let cell = max;
  for (const shape of shapes) {
    const cols = shape[shape.length - 1];
    cell = Math.min(cell, Math.floor(avail / cols));
  }
  return Math.max(8, cell);
}

/** Cells across a whole shape laid out in one row (3-D slices side by side). */
function rowCols(shape) {
  return (shape.length === 3 ? shape[0] : 1) * shape[shape.length - 1];
}

/**
 * Cell sizes of the lab's panels. The kernels get up to 40 px in at most 240 px; the input and
 * output share one size, side by side with the kernels when that leaves cells of 24 px or more
 * (at most 44 px, 32 px in 3-D), else each fitted to the whole width.
 * @param {number[]} inShape (*spatial) the (padded) input
 * @param {number[]|null} outShape (*spatial) the output, null before the first answer
 * @param {number[]} kShape (*K) one kernel; its length is the dimension
 * @param {number} width pixels available across
 * @returns {{cell: number, kCell: number}}
 */
export function panelCells(inShape, outShape, kShape, width) {
  const kCell = cellSizeFor([kShape], Math.min(width, 240), 40);
  const kWidth = Math.max(rowCols(kShape) * kCell, 176);
  const rowCell = Math.floor((width - kWidth - 100) / (rowCols(inShape) + (outShape ? rowCols(outShape) : 0)));
  const most = kShape.length === 3 ? 32 : 44;
  const cell = rowCell >= 24 ? Math.min(rowCell, most)
    : cellSizeFor([inShape, ...(outShape ? [outShape] : [])], width, most);
  return { cell, kCell };
}

/**
 * The cell under a pointer, from its client coordinates and the canvas's box on screen (the
 * canvas may be drawn smaller than its layout).
 * @param {GridLayout} layout
 * @param {{left: number, top: number, width: number}} box the canvas's client rectangle
 * @param {number} clientX
 * @param {number} clientY
 * @returns {number[]|null} pos (*spatial)
 */
export function cellAtClient(layout, box, clientX, clientY) {
  const scale = layout.width / box.width;
  return layout.at((clientX - box.left) * scale, (clientY - box.top) * scale);
}

const MOVES = { ArrowLeft: [1, -1], ArrowRight: [1, 1], ArrowUp: [2, -1], ArrowDown: [2, 1],
  PageUp: [3, -1], PageDown: [3, 1] };

/**
 * Move a grid's cursor by a key: left/right along the last axis, up/down along rows, Page
 * Up/Down through slices; clamped to the grid.
 * @param {number[]} pos (*spatial)
 * @param {number[]} shape (*spatial)
 * @param {string} key a KeyboardEvent key
 * @returns {number[]|null} the new position (a copy), or null when the key moves nothing here
 */
export function moveCursor(pos, shape, key) {
  const move = Object.hasOwn(MOVES, key) ? MOVES[key] : null;
  const axis = move ? shape.length - move[0] : -1;
  if (axis < 0) return null;
  const next = pos.slice();
  next[axis] = Math.max(0, Math.min(shape[axis] - 1, next[axis] + move[1]));
  return next;
}
