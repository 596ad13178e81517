/** Interface text of the maps part (en); keys start with "maps.". @module i18n/en/maps */
export default {
};
