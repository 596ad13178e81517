/** Interface text of the ops part (en); keys start with "ops.". @module i18n/en/ops */
export default {
};
