/** Interface text of the lab's pooling mode (en); keys start with "poolLab.". @module i18n/en/poolLab */
export default {
};
