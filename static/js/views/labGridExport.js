/**
 * The lab's grids as one PNG download: each panel's title, then each grid under its caption.
 * @module views/labGridExport
 */
import { el } from "../ui/dom.js";

/**
 * The whole view as one picture: each panel's title, then each grid under its caption.
 * @param {[string, {canvas: HTMLCanvasElement, caption: HTMLElement, layout: object}[]][]} blocks
 *   (title, grids) per panel; empty panels are left out
 * @param {import("./labGridPaint.js").GridColours} colours
 * @param {number} dpr
 * @returns {HTMLCanvasElement}
 */
export function composePicture(blocks, colours, dpr) {
  const pad = 16;
  let width = 0;
  let height = pad;
  for (const [, list] of blocks) {
    if (!list.length) continue;
    height += 28;
    for (const e of list) { width = Math.max(width, e.layout.width); height += 20 + e.layout.height + 8; }
  }
  const out = document.createElement("canvas");
  out.width = Math.round((width + 2 * pad) * dpr);
  out.height = Math.round((height + pad) * dpr);
  const ctx = out.getContext("2d");
  ctx.scale(dpr, dpr);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width + 2 * pad, height + pad);
  let y = pad;
  for (const [title, list] of blocks) {
    if (!list.length) continue;
    ctx.fillStyle = colours.fg;
    ctx.font = "bold 16px system-ui, sans-serif";
    ctx.fillText(title, pad, y + 18);
    y += 28;
    for (const e of list) {
      ctx.font = "13px system-ui, sans-serif";
      ctx.fillStyle = colours.muted;
      ctx.fillText(e.caption.textContent, pad, y + 14);
      y += 20;
      ctx.drawImage(e.canvas, pad, y, e.layout.width, e.layout.height);
      y += e.layout.height + 8;
    }
  }
  return out;
}

/**
 * A saver of canvases as PNG downloads under one file name; it frees the previous download's
 * object URL when it makes the next.
 * @param {string} filename the download's name
 * @returns {(canvas: HTMLCanvasElement) => void}
 */
export function createPngSaver(filename) {
  let lastUrl = null;
  return (canvas) => {
    canvas.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: filename, class: "visually-hidden" });
      document.body.append(a);
      a.click();
      a.remove();
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = url;
    }, "image/png");
  };
}
