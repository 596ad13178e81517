/** Interface text of the backprop part (en); keys start with "backprop.". @module i18n/en/backprop */
export default {
  "backprop.title": "Backpropagation",
  "backprop.sections": "Sections",
  "backprop.tab.network": "Through a network",
  "backprop.tab.conv": "Convolution backward",
  "backprop.tab.pool": "Pooling backward",
  "backprop.tab.training": "Training",
};
