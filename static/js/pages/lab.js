/**
 * The lab page (to be built).
 * @module pages/lab
 */

/**
 * Mount the page into its root.
 * @param {HTMLElement} root
 */
export function mount(root) {
  root.dataset.mounted = "true";
}
