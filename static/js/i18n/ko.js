/**
 * Korean interface text: one table, assembled from one part per page.
 * Each part is owned by its page; keys are prefixed with the page's name.
 * @module i18n/ko
 */
import common from "./ko/common.js";
import lab from "./ko/lab.js";
import maps from "./ko/maps.js";
import backprop from "./ko/backprop.js";
import ops from "./ko/ops.js";

export default { ...common, ...lab, ...maps, ...backprop, ...ops };
