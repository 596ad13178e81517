"""Find interface text a Korean page shows in English.

:func:`untranslated` reads every visible text node, every option of a visible select, and
the text a screen reader announces instead (``aria-label``, ``title``, ``alt``,
``placeholder``, ``aria-valuetext``, ``aria-roledescription``), and keeps the Latin words
that are not technical names. Left out, on purpose: what is marked as another language
(``lang="en"`` and its subtree: an ImageNet class name, the API's own English, a sentence
the server words in English), code (``code``, ``pre``, ``kbd``, ``samp``, ``var``), and
words a Korean learner reads in Latin letters in the notes too (:data:`ALLOWED`).

A Latin word passes when it has a digit, an underscore, a slash or an inner dot (an id such
as ``conv2d``, ``C_out``, ``b6.dw``, ``dL/dx``, a size such as ``3x3``), is quoted in single
quotes (``'file'``), has no two Latin letters in a row (``x``, ``K``), is a symbol of at most
three letters in a formula set in the monospaced font (``.mono``: ``kH``, ``[kh, kw, in,
out]``), or is in :data:`ALLOWED`. Anything else is reported with the element it sits in.
"""

from __future__ import annotations

from typing import Any

ALLOWED = frozenset({
    "cnnvis", "API", "REST", "HTTP", "GET", "POST", "JSON", "NDJSON", "OpenAPI", "curl", "URL",
    "PNG", "JPEG", "GIF", "WebP", "BMP", "MiB", "MB", "KB", "ms",
    "Enter", "Esc", "Escape", "Tab", "Shift", "Space", "Home", "End", "PageUp", "PageDown",
    "CNN", "ReLU", "RGB", "GPU", "ImageNet", "MNIST", "UCI", "PyTorch", "TensorFlow", "NumPy",
    "torchvision", "Okabe", "Ito", "LeNet", "TinyVGG", "VGG", "AlexNet", "GoogLeNet", "Inception",
    "ResNet", "EfficientNet", "Explainer", "Grad-CAM", "SmoothGrad", "Adam", "SGD", "Sobel",
    "LeCun", "Bottou", "Bengio", "Haffner", "Krizhevsky", "Simonyan", "Zisserman", "Szegedy",
    "He", "Tan", "Le",
    "valid", "same", "full", "max", "avg", "tf_same", "floor", "ceil", "groups", "conv",
    "NHWC", "NCHW", "NaN", "nan", "inf",
    "dilation", "occlusion", "depthwise", "pointwise", "tanh", "RBF",
})
"""Technical names, proper names, the API's padding and pooling names, and the English terms
the glossary keeps in parentheses beside the Korean (``팽창 (dilation)``)."""

PHRASES = ("saliency map", "guided backprop", "integrated gradients")
"""English terms of two words the glossary keeps beside the Korean (``현저성 맵 (saliency map)``)."""

SCAN = r"""
([allowed, phrases]) => {
  const ok = new Set(allowed);
  const skip = "script, style, noscript, code, pre, kbd, samp, var, [lang]:not([lang='ko'])";
  const shown = (node) => node.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  const fine = (word) => /[0-9_\/]/.test(word) || /[A-Za-z]\.[A-Za-z]/.test(word)
    || /^'.*'$/.test(word) || !/[A-Za-z]{2}/.test(word) || ok.has(word);
  const found = [];
  const check = (full, where, formula = false) => {
    const text = phrases.reduce((t, p) => t.split(p).join(" "), full);
    for (const raw of text.match(/[A-Za-z0-9_.\/'\-+]*[A-Za-z][A-Za-z0-9_.\/'\-+]*/g) ?? []) {
      const word = raw.replace(/^[.'\-+]+|[.\-+]+$/g, "").replace(/'s$/, "");
      if (formula && /^[A-Za-z]{1,3}$/.test(word)) continue;
      if (!fine(word) && !word.split("-").every(fine)) found.push(`${where}: ${word} | ${full.trim().slice(0, 160)}`);
    }
  };
  const describe = (node) => node.tagName.toLowerCase() + (node.id ? `#${node.id}` : "")
    + (typeof node.className === "string" && node.className ? `.${node.className.split(" ")[0]}` : "");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !/[A-Za-z]{2}/.test(node.nodeValue) || parent.closest(skip)) continue;
    const holder = parent.closest("option") ? parent.closest("select, datalist") ?? parent : parent;
    if (!shown(holder)) continue;
    check(node.nodeValue, describe(parent), Boolean(parent.closest(".mono")));
  }
  const attributes = ["aria-label", "title", "alt", "placeholder", "aria-valuetext", "aria-roledescription"];
  for (const node of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(", "))) {
    if (node.closest(skip) || node.tagName === "TITLE") continue;
    for (const a of attributes) if (node.hasAttribute(a)) check(node.getAttribute(a), `${describe(node)}@${a}`);
  }
  check(document.title, "title");
  return [...new Set(found)];
}
"""


def untranslated(page: Any, ids: frozenset[str] = frozenset()) -> list[str]:
    """Each Latin word on ``page`` that is not allowed, as ``element: word | its text``.

    Args:
        page: a Playwright page.
        ids: names the API gives as ids (layer names such as ``output``), allowed too: a
            label such as "output: 1 feature map" names the layer, it is no English sentence.
    """
    found: list[str] = page.evaluate(SCAN, [sorted(ALLOWED | ids), list(PHRASES)])
    return found
