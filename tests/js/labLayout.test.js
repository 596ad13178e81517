// node --test tests/js: where the lab's grid cells go (1-D rows, 2-D grids, 3-D slice stacks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { GAP, LABEL, cellAtClient, cellSizeFor, layoutFor, moveCursor, panelCells }
  from "../../static/js/lib/labLayout.js";

test("a 1-D row of 12 cells of 30 px is one row 360 px wide", () => {
  const l = layoutFor([12], 30, 500);
  assert.deepEqual([l.nd, l.cols, l.rows, l.slices, l.label, l.perRow], [1, 12, 1, 1, 0, 1]);
  assert.equal(l.width, 360);
  assert.equal(l.height, 30);
  assert.deepEqual(l.rect([3]), [90, 0]);
  assert.deepEqual(l.at(95, 10), [3]);
  assert.deepEqual(l.at(0, 0), [0]);
  assert.equal(l.at(360, 5), null);
  assert.equal(l.at(5, 30), null);
});

test("a 7x7 grid of 44 px cells: rows down, columns across", () => {
  const l = layoutFor([7, 7], 44, 600);
  assert.deepEqual([l.rows, l.cols, l.slices, l.label], [7, 7, 1, 0]);
  assert.equal(l.width, 308);
  assert.equal(l.height, 308);
  assert.deepEqual(l.rect([2, 3]), [132, 88]);
  assert.deepEqual(l.at(133, 89), [2, 3]);
  assert.deepEqual(l.at(307, 307), [6, 6]);
  assert.equal(l.at(-1, 10), null);
});

test("3 slices of 5x5 at 20 px wrap two per row in 250 px, each under its label", () => {
  assert.equal(GAP, 10);
  assert.equal(LABEL, 16);
  const l = layoutFor([3, 5, 5], 20, 250);
  assert.deepEqual([l.slices, l.rows, l.cols, l.label, l.perRow], [3, 5, 5, 16, 2]);
  assert.equal(l.width, 210);                 // 2 * 100 + one gap
  assert.equal(l.height, 242);                // 2 * (100 + 16) + one gap
  assert.deepEqual(l.origin(0), [0, 16]);
  assert.deepEqual(l.origin(1), [110, 16]);
  assert.deepEqual(l.origin(2), [0, 142]);
  assert.deepEqual(l.rect([2, 1, 4]), [80, 162]);
  assert.deepEqual(l.at(85, 165), [2, 1, 4]);
  assert.deepEqual(l.at(111, 17), [1, 0, 0]);
  assert.equal(l.at(105, 50), null);          // in the gap between slices
  assert.equal(l.at(5, 5), null);             // on a slice's label
  // Wide enough: all three slices in one row.
  const wide = layoutFor([3, 5, 5], 20, 400);
  assert.equal(wide.perRow, 3);
  assert.deepEqual([wide.width, wide.height], [320, 116]);
  // Too narrow for one slice: still one per row.
  assert.equal(layoutFor([3, 5, 5], 20, 50).perRow, 1);
});

test("cell size: the widest last axis decides, never under 8 px", () => {
  assert.equal(cellSizeFor([[7, 7], [5, 5]], 300, 44), 42);
  assert.equal(cellSizeFor([[7, 7]], 400, 44), 44);
  assert.equal(cellSizeFor([[32]], 100, 44), 8);
});

test("panel cells: side by side when cells stay 24 px or more, else fitted to the width", () => {
  // 2-D 7x7 in, 5x5 out, 3x3 kernel, 800 px: (800 - 176 - 100) / 12 = 43.
  assert.deepEqual(panelCells([7, 7], [5, 5], [3, 3], 800), { cell: 43, kCell: 40 });
  // Wider: capped at 44.
  assert.deepEqual(panelCells([7, 7], [5, 5], [3, 3], 1200), { cell: 44, kCell: 40 });
  // A phone: stacked, each fitted (7 columns in 350 px would be 50, capped at 44).
  assert.deepEqual(panelCells([7, 7], [5, 5], [3, 3], 350), { cell: 44, kCell: 40 });
  assert.deepEqual(panelCells([9, 9], null, [3, 3], 250), { cell: 27, kCell: 40 });
  // 3-D: slices count across; cells at most 32.
  assert.deepEqual(panelCells([5, 5, 5], [3, 3, 3], [3, 3, 3], 800), { cell: 32, kCell: 40 });
  // A 1-D kernel of 7 in 200 px: 28 px kernel cells.
  assert.deepEqual(panelCells([12], [6], [7], 200).kCell, 28);
});

test("a pointer maps to its cell on a canvas drawn at half size", () => {
  const l = layoutFor([7, 7], 44, 600);       // 308 px, shown 154 px wide at (10, 20)
  const box = { left: 10, top: 20, width: 154 };
  assert.deepEqual(cellAtClient(l, box, 10 + 23, 20 + 1), [0, 1]);
  assert.deepEqual(cellAtClient(l, box, 10 + 153, 20 + 153), [6, 6]);
  assert.equal(cellAtClient(l, box, 5, 25), null);
});

test("arrow keys move a cursor along the right axis and stop at the edges", () => {
  assert.deepEqual(moveCursor([0, 0], [5, 5], "ArrowRight"), [0, 1]);
  assert.deepEqual(moveCursor([0, 0], [5, 5], "ArrowDown"), [1, 0]);
  assert.deepEqual(moveCursor([0, 0], [5, 5], "ArrowLeft"), [0, 0]);
  assert.deepEqual(moveCursor([4, 4], [5, 5], "ArrowDown"), [4, 4]);
  assert.equal(moveCursor([0, 0], [5, 5], "PageDown"), null);
  assert.deepEqual(moveCursor([0, 2, 2], [3, 5, 5], "PageDown"), [1, 2, 2]);
  assert.deepEqual(moveCursor([0, 2, 2], [3, 5, 5], "ArrowUp"), [0, 1, 2]);
  assert.equal(moveCursor([3], [8], "ArrowUp"), null);
  assert.deepEqual(moveCursor([3], [8], "ArrowLeft"), [2]);
  assert.equal(moveCursor([3], [8], "Enter"), null);
  const pos = [1, 1];
  moveCursor(pos, [5, 5], "ArrowRight");
  assert.deepEqual(pos, [1, 1]);              // a copy moves, not the cursor given
});
