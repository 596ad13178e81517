/** Interface text of the lab part (ko); keys start with "lab.". @module i18n/ko/lab */
export default {
};
