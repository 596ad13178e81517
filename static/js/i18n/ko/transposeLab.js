/** Interface text of the lab's transposed-convolution mode (ko); keys start with "transposeLab.". @module i18n/ko/transposeLab */
export default {
};
