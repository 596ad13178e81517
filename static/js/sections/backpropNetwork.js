/**
 * The backpropNetwork section of the backpropagation page (to be built).
 * @module sections/backpropNetwork
 */

/**
 * Mount the section.
 * @param {HTMLElement} root its `<section>`
 */
export function mount(root) {
  root.dataset.mounted = "true";
}
