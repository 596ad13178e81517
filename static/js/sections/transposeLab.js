/**
 * The lab's transposed convolution mode (`/?mode=transpose`).
 * @module sections/transposeLab
 */

/**
 * Mount the mode into the lab page's root (the mode tabs are already there).
 * @param {HTMLElement} root
 */
export function mount(root) {
  root.dataset.labStatus = "ready";
}
