/**
 * English interface text: one table, assembled from one part per page.
 * Each part is owned by its page; keys are prefixed with the page's name. The networks part
 * words what the API names by id (networks, classes, channels, samples; keys "net." and
 * "sample.") for every page that shows them.
 * @module i18n/en
 */
import common from "./en/common.js";
import lab from "./en/lab.js";
import maps from "./en/maps.js";
import backprop from "./en/backprop.js";
import ops from "./en/ops.js";
import networks from "./en/networks.js";
import teach from "./en/teach.js";
import mapsExplain from "./en/mapsExplain.js";
import poolLab from "./en/poolLab.js";
import transposeLab from "./en/transposeLab.js";

export default { ...common, ...lab, ...maps, ...backprop, ...ops, ...networks, ...mapsExplain, ...teach, ...poolLab,
  ...transposeLab };
