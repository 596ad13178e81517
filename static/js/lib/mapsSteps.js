/**
 * Korean text for the server's preprocessing step descriptions. The server describes its
 * steps in English with the numbers filled in; each known sentence pattern has a Korean
 * twin here with the same numbers. An unknown sentence stays English (marked as such).
 * DOM-free.
 * @module lib/mapsSteps
 */

/** [English pattern, Korean template with $1.. for the captured parts]. */
const PATTERNS = [
  [/^read an? (\d+)x(\d+) (\w+) image \((\w+)\)$/, "$1x$2 $3 이미지를 읽음 ($4)"],
  [/^took the first of its (\d+) frames$/, "$1개 프레임 중 첫 프레임을 사용"],
  [/^shrank it to (\d+)x(\d+) \(at most (\d+) pixels a side\)$/, "$1x$2로 줄임 (한 변 최대 $3 픽셀)"],
  [/^put its transparent parts on white$/, "투명한 부분을 흰색 위에 합성"],
  [/^converted (\w+) to RGB$/, "$1을 RGB로 변환"],
  [/^\(x - ([\d.]+)\) \/ ([\d.]+)$/, "(x - $1) / $2"],
  [/^colour values scaled to 0\.\.1$/, "색 값을 0..1로 조정"],
  [/^short side resized to (\d+) pixels$/, "짧은 변을 $1 픽셀로 크기 조정"],
  [/^centre (\d+)x(\d+) cut out$/, "가운데 $1x$2 잘라 냄"],
  [/^centre square (\d+)x(\d+)$/, "가운데 정사각형 $1x$2"],
  [/^values kept in 0\.\.1$/, "값은 0..1 그대로"],
  [/^grey, light strokes on dark paper: kept$/, "회색조, 어두운 바탕에 밝은 획: 그대로"],
  [/^grey, dark strokes on light paper: inverted so the ink is bright$/,
   "회색조, 밝은 바탕에 어두운 획: 획이 밝도록 반전"],
  [/^cropped to the ink's bounding box and scaled so its height fills (\d+) pixels, centred$/,
   "획을 감싸는 상자로 잘라 높이가 $1 픽셀이 되도록 크기 조정, 가운데 정렬"],
  [/^binarised, thin strokes thickened like the UCI pen$/, "이진화, 가는 획은 UCI 펜처럼 굵게"],
  [/^on-pixels counted in (\d+)x(\d+) blocks: the (\d+)x(\d+) digits of the training set \((.+)\)$/,
   "$1x$2 블록마다 켜진 픽셀 수: 학습 데이터의 $3x$4 숫자 ($5)"],
  [/^scaled into a centred (\d+)x(\d+) box of the (\d+)x(\d+) frame, as the training digits$/,
   "학습 숫자처럼 $3x$4 틀 가운데 $1x$2 상자에 맞춤"],
  [/^resized to (\d+)x(\d+) \(blocks averaged, then bilinear\)$/, "$1x$2로 크기 조정 (블록 평균 후 쌍선형)"],
  [/^each colour channel shifted to mean 0 and scaled to deviation 1, channels first$/,
   "색 채널마다 평균 0, 표준편차 1로 정규화, 채널 우선"],
  [/^each RGB value v \(0\.\.255\) mapped to \(v - (\d+)\) \/ (\d+), about -1\.\.1$/,
   "RGB 값 v(0..255)마다 (v - $1) / $2로 바꿈, 약 -1..1"],
  [/^minus ImageNet's channel means \((.+)\), divided by its deviations \((.+)\)$/,
   "ImageNet 채널 평균 ($1)을 빼고 표준편차 ($2)로 나눔"],
];

/**
 * A step description in the interface language.
 * @param {string} text the server's English sentence
 * @param {string} lang "en" or "ko"
 * @returns {{text: string, lang: string}} the sentence and the language it is in
 */
export function stepDescription(text, lang) {
  if (lang !== "ko" || !text) return { text: text ?? "", lang: "en" };
  for (const [pattern, korean] of PATTERNS) {
    const match = pattern.exec(text);
    if (match) return { text: korean.replace(/\$(\d)/g, (_, i) => match[Number(i)]), lang: "ko" };
  }
  // Several parts joined by "; " (the decoding step): translate each.
  if (text.includes("; ")) {
    const parts = text.split("; ").map((part) => stepDescription(part, lang));
    if (parts.every((p) => p.lang === "ko")) return { text: parts.map((p) => p.text).join("; "), lang: "ko" };
  }
  return { text, lang: "en" };
}
