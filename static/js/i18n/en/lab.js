/** Interface text of the lab part (en); keys start with "lab.". @module i18n/en/lab */
export default {
};
