/**
 * Note 001 says hidden fully connected layers before the output layer are "not widely used";
 * the preset networks' own summaries answer it: the classic ones (LeNet-5, AlexNet, VGG16)
 * have them and keep most of their parameters there, the later ones (GoogLeNet, ResNet,
 * EfficientNet) end in a global average pooling and the output layer alone. DOM-free.
 * @module lib/notesDense
 */

/** The note's words, in Korean, with an English gloss. */
export const DENSE_NOTE = {
  quote: "일부 큰 규모의 CNN의 경우, 출력 계층 앞 단계에 완전 출력 방식의 은닉 계층을 추가로 배치하는 접근 방식을 택하기도 하지만 널리 사용되진 않음",
  gloss: "Some large CNNs add hidden fully connected layers before the output layer, but this is not widely used.",
};

/**
 * @typedef {object} DenseFigures
 * @property {string} name the network's id
 * @property {{name: string, params: number}[]} hidden its fully connected layers before the last one
 * @property {number} hiddenParams their parameters together
 * @property {number} total the network's parameters
 * @property {number} share hiddenParams / total
 */

/**
 * The hidden fully connected layers of a network, from its full-size summary's top-level rows.
 * @param {{name: string, summary: {params: number, layers: {name: string, kind: string, params: number}[]}}} net
 * @returns {DenseFigures|null} null for a network without a fully connected output layer
 */
export function denseFigures(net) {
  const rows = net.summary?.layers ?? [];
  const dense = rows.filter((r) => r.kind === "linear");
  if (!dense.length) return null;
  const hidden = dense.slice(0, -1).map((r) => ({ name: r.name, params: r.params }));
  const hiddenParams = hidden.reduce((n, r) => n + r.params, 0);
  const total = net.summary.params;
  return { name: net.name, hidden, hiddenParams, total, share: total ? hiddenParams / total : 0 };
}

/**
 * Every listed network that ends in a fully connected output layer, in the list's order.
 * @param {object[]} networks `GET /api/v1/networks`'s `networks`
 * @returns {DenseFigures[]}
 */
export function denseTable(networks) {
  return networks.map(denseFigures).filter(Boolean);
}
