/** Interface text of the maps part (ko); keys start with "maps.". @module i18n/ko/maps */
export default {
};
