/** Interface text of the backprop part (ko); keys start with "backprop.". @module i18n/ko/backprop */
export default {
  "backprop.title": "역전파",
  "backprop.sections": "구역",
  "backprop.tab.network": "신경망 전체",
  "backprop.tab.conv": "합성곱 역전파",
  "backprop.tab.pool": "풀링 역전파",
  "backprop.tab.training": "학습",
};
