/** Interface text of the lab's transposed-convolution mode (en); keys start with "transposeLab.". @module i18n/en/transposeLab */
export default {
};
