/** Interface text of the ops part (ko); keys start with "ops.". @module i18n/ko/ops */
export default {
};
