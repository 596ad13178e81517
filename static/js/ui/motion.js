/**
 * Whether the user asked for reduced motion: animations then jump to their end state.
 * @module ui/motion
 */
const query = typeof matchMedia === "function" ? matchMedia("(prefers-reduced-motion: reduce)") : null;

/** @returns {boolean} true when the system asks for less motion */
export function reducedMotion() {
  return Boolean(query && query.matches);
}
