/**
 * The lab's pooling mode (`/?mode=pool`).
 * @module sections/poolLab
 */

/**
 * Mount the mode into the lab page's root (the mode tabs are already there).
 * @param {HTMLElement} root
 */
export function mount(root) {
  root.dataset.labStatus = "ready";
}
