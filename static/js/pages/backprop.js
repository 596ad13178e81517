/**
 * The backpropagation page: four sections, each its own module with its own state.
 * @module pages/backprop
 */
import { mount as mountNetwork } from "../sections/backpropNetwork.js";
import { mount as mountConv } from "../sections/convBackward.js";
import { mount as mountPool } from "../sections/poolBackward.js";
import { mount as mountTraining } from "../sections/training.js";

/**
 * Mount every section into its `<section>`.
 * @param {HTMLElement} root the page's root
 */
export function mount(root) {
  mountNetwork(root.querySelector("#network"));
  mountConv(root.querySelector("#conv-backward"));
  mountPool(root.querySelector("#pool-backward"));
  mountTraining(root.querySelector("#training"));
}
