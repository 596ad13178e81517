/**
 * English interface text: one table, assembled from one part per page.
 * Each part is owned by its page; keys are prefixed with the page's name.
 * @module i18n/en
 */
import common from "./en/common.js";
import lab from "./en/lab.js";
import maps from "./en/maps.js";
import backprop from "./en/backprop.js";
import ops from "./en/ops.js";

export default { ...common, ...lab, ...maps, ...backprop, ...ops };
