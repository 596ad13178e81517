/** Interface text of the lab's pooling mode (ko); keys start with "poolLab.". @module i18n/ko/poolLab */
export default {
};
