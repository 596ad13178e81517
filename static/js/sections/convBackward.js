/**
 * The convBackward section of the backpropagation page (to be built).
 * @module sections/convBackward
 */

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  root.dataset.mounted = "true";
}
