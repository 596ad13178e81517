/**
 * Two networks' summaries side by side, row by row: the layers both have by name (LeNet-5's C1,
 * S2, C3 ...) share a row, and the layers between two shared ones are paired in order, a blank
 * cell where one network has fewer. A network lists the preset to compare it with in `compare`
 * (`GET /api/v1/networks`). DOM-free.
 * @module lib/netCompare
 */

/**
 * @typedef {{name: string, kind: string, output_shape: number[], params: number, macs: number}} Row
 *   a top-level row of a summary (`summary.layers[i]`)
 * @typedef {{left: Row|null, right: Row|null, shared: boolean, differ: boolean}} Pair
 *   one line of the comparison: `shared` when both rows carry the same name, `differ` when
 *   their parameter counts differ (a missing row counts as 0)
 */

/**
 * The pairs of networks a page compares: each network whose `compare` names another listed one,
 * with that one (each pair once, in list order).
 * @param {{name: string, compare?: string|null}[]} networks entries of `GET /api/v1/networks`
 * @returns {{left: object, right: object}[]}
 */
export function comparePairs(networks) {
  const byName = new Map(networks.map((n) => [n.name, n]));
  const seen = new Set();
  const out = [];
  for (const net of networks) {
    const other = net.compare ? byName.get(net.compare) : undefined;
    if (!other || other === net) continue;
    const key = [net.name, other.name].sort().join("\u0000");
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ left: net, right: other });
  }
  return out;
}

/**
 * The rows both lists name alike, in the same order, as many as can be (dynamic programming);
 * a pair of layers with parameters counts twice, so when the order allows one or the other
 * (LeNet-5's C5 comes before the flatten in 1998 and after it today), the learning layer wins.
 * @param {Row[]} a
 * @param {Row[]} b
 * @returns {[number, number][]} matched `[i, j]`, increasing
 */
function commonRows(a, b) {
  const worth = (i, j) => (a[i].name !== b[j].name ? -1 : a[i].params || b[j].params ? 2 : 1);
  const best = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const match = worth(i, j) > 0 ? best[i + 1][j + 1] + worth(i, j) : 0;
      best[i][j] = Math.max(match, best[i + 1][j], best[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (worth(i, j) > 0 && best[i][j] === best[i + 1][j + 1] + worth(i, j)) {
      out.push([i, j]);
      i += 1;
      j += 1;
    } else if (best[i + 1][j] >= best[i][j + 1]) i += 1;
    else j += 1;
  }
  return out;
}

/**
 * Align two summaries' top-level rows.
 * @param {Row[]} left the first network's `summary.layers`
 * @param {Row[]} right the second's
 * @returns {Pair[]} every row of both, in order, each exactly once
 */
export function alignLayers(left, right) {
  const anchors = commonRows(left, right);
  const pairs = [];
  const pair = (l, r) => pairs.push({
    left: l, right: r, shared: Boolean(l && r && l.name === r.name),
    differ: (l ? l.params : 0) !== (r ? r.params : 0),
  });
  let i = 0;
  let j = 0;
  for (const [ai, aj] of [...anchors, [left.length, right.length]]) {
    const n = Math.max(ai - i, aj - j);
    for (let k = 0; k < n; k += 1) pair(i + k < ai ? left[i + k] : null, j + k < aj ? right[j + k] : null);
    if (ai < left.length) pair(left[ai], right[aj]);
    i = ai + 1;
    j = aj + 1;
  }
  return pairs;
}
