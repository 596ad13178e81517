/**
 * Note 003's cross-correlation with its indices swapped, S(x, y) = sum I(i, j) F(x + i, y + j),
 * against the right sum and the engine's output for one cell. DOM-free and language-free.
 * @module lib/notesIndices
 */
import { ravel, stepOf, stepOutput } from "./labSteps.js";
import { round } from "./noteFormat.js";
import { engineRow, labAxes, outShape } from "./noteState.js";

/**
 * Note 003's S(x, y) = sum_{i,j=-N..N} I(i, j) F(x + i, y + j) and the right sum
 * S(x, y) = sum I(x + i, y + j) F(i, j) (with `flip`, true convolution: I(x - i, y - j)),
 * for one output cell, over every input channel, plus the kernel's bias. (x, y) is the input
 * cell under the kernel's centre; cells outside the image and offsets outside the kernel are 0.
 * @param {object} s lab state (2-D, odd K, dilation 1)
 * @param {number} j kernel (output channel)
 * @param {number[]} pos the output cell (row, column), from 0
 * @returns {{x: number, y: number, n: number, note: number, right: number}}
 */
export function indexSums(s, j, pos) {
  const [h, w] = s.size;
  const k = s.k;
  const n = (k - 1) / 2;
  const axes = labAxes(s);
  const x = pos[0] * s.stride - axes[0].lo + n;
  const y = pos[1] * s.stride - axes[1].lo + n;
  const image = (c, r, q) => (r < 0 || r >= h || q < 0 || q >= w ? 0 : s.input[(c * h + r) * w + q]);
  const filter = (c, a, b) => (Math.abs(a) > n || Math.abs(b) > n ? 0
    : s.kernel[((j * s.cin + c) * k + a + n) * k + b + n]);
  const sign = s.flip ? -1 : 1;
  let note = 0;
  let right = 0;
  for (let c = 0; c < s.cin; c += 1) {
    for (let i = -n; i <= n; i += 1) {
      for (let jj = -n; jj <= n; jj += 1) {
        note += image(c, i, jj) * filter(c, x + i, y + jj);
        right += image(c, x + sign * i, y + sign * jj) * filter(c, i, jj);
      }
    }
  }
  const bias = s.bias[j] ?? 0;
  return { x, y, n, note: note + bias, right: right + bias };
}

/** 003: S(x, y) = sum I(i, j) F(x + i, y + j). */
export function swappedIndices(s) {
  if (s.dim !== 2) return null;
  const noteFormula = "S(x, y) = Σ I(i, j)·F(x + i, y + j)";
  const rightFormula = s.flip ? "S(x, y) = Σ I(x − i, y − j)·F(i, j)" : "S(x, y) = Σ I(x + i, y + j)·F(i, j)";
  const explain = [{ key: "lab.notes.003-indices.wrong", vars: { n: "N" } }];
  if (s.flip) explain.push({ key: "lab.notes.003-indices.flip" });
  if (s.k % 2 === 0 || s.dilation !== 1) {
    return { summary: [{ key: "lab.notes.003-indices.odd" }], explain,
      rows: [{ kind: "note", formula: noteFormula }, { kind: "right", formula: rightFormula }],
      action: { key: "lab.notes.try.k3", knobs: { k: 3, dilation: 1 } } };
  }
  const out = outShape(s);
  if (out.some((o) => o < 1)) {
    return { summary: [{ key: "lab.notes.003-indices.none" }], explain,
      rows: [{ kind: "note", formula: noteFormula }, { kind: "right", formula: rightFormula }], action: null };
  }
  const tr = s.trace;
  const cell = tr && s.done > 0 ? stepOutput(tr, s.done - 1)
    : { channel: 0, pos: [Math.floor(out[0] / 2), Math.floor(out[1] / 2)] };
  const j = cell.channel;
  const sums = indexSums(s, j, cell.pos);
  explain[0] = { key: "lab.notes.003-indices.wrong", vars: { n: sums.n } };
  const engine = tr ? tr.result[stepOf(tr, j, ravel(cell.pos, tr.outShape))] : null;
  const at = cell.pos.map((p) => p + 1).join(", ");
  const b = s.bias[j] ?? 0;
  const plus = b ? ` + ${b}` : "";
  const fill = (f) => f.replace(/x/g, String(sums.x)).replace(/y/g, String(sums.y)) + plus;
  return {
    summary: [{ key: "lab.notes.003-indices.summary", vars: { at, j: j + 1, note: round(sums.note),
      engine: round(engine ?? sums.right) } }],
    explain,
    rows: [
      { kind: "info", label: { key: "lab.notes.003-indices.centre", vars: { x: sums.x, y: sums.y, n: sums.n } } },
      { kind: "note", formula: fill(noteFormula), value: round(sums.note),
        wrong: round(sums.note) !== round(sums.right) },
      { kind: "right", formula: fill(rightFormula), value: round(sums.right) },
      engineRow(s, engine === null ? null : round(engine), { key: "lab.notes.003-indices.engine", vars: { j: j + 1, at } }),
    ],
    action: null,
  };
}
