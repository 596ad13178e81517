/**
 * Korean interface text: one table, assembled from one part per page.
 * Each part is owned by its page; keys are prefixed with the page's name. The networks part
 * words what the API names by id (networks, classes, channels, samples; keys "net." and
 * "sample.") for every page that shows them.
 * @module i18n/ko
 */
import common from "./ko/common.js";
import lab from "./ko/lab.js";
import maps from "./ko/maps.js";
import backprop from "./ko/backprop.js";
import ops from "./ko/ops.js";
import networks from "./ko/networks.js";
import teach from "./ko/teach.js";
import mapsExplain from "./ko/mapsExplain.js";
import poolLab from "./ko/poolLab.js";
import transposeLab from "./ko/transposeLab.js";

export default { ...common, ...lab, ...maps, ...backprop, ...ops, ...networks, ...mapsExplain, ...teach, ...poolLab,
  ...transposeLab };
