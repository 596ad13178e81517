/**
 * The digit canvas: draw with a mouse, pen or finger; LeNet-5 classifies the drawing when
 * a stroke ends, and every few hundred milliseconds while drawing (paced by the frame
 * loop, never a timer). Has its own store of strokes.
 * @module views/mapsDrawView
 */
import { createStore } from "../state.js";
import { el } from "../ui/dom.js";

const SIZE = 280;
const PEN = 20;
const LIVE_EVERY_MS = 350;

/**
 * @param {HTMLElement} root
 * @param {{drawing: (blob: Blob, version: number) => void, drawingCleared: () => void, busy: () => boolean}} actions
 *   `version` counts the drawing's changes (the canvas' `data-version` is the latest sent);
 *   `drawingCleared` is told when Clear empties the canvas
 * @returns {{view: {update: (s: object) => void, draw: (t: number) => boolean}, store: object}}
 */
export function createMapsDrawView(root, actions) {
  const store = createStore({ strokes: [], penDown: false, changed: 0 });
  const canvas = el("canvas", { class: "maps-draw-canvas", width: SIZE, height: SIZE,
                                "data-i18n-attr": "aria-label:maps.draw.label", role: "img" });
  const clear = el("button", { type: "button", class: "maps-draw-clear", i18n: "maps.draw.clear",
                               on: { click: () => { store.setState({ strokes: [] }); actions.drawingCleared(); } } });
  root.append(el("p", { class: "maps-hint", i18n: "maps.draw.hint" }), canvas,
              el("div", { class: "maps-draw-actions" }, clear));

  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * SIZE) / box.width, ((event.clientY - box.top) * SIZE) / box.height];
  };
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    store.setState((s) => ({ strokes: [...s.strokes, [point(event)]], penDown: true, changed: s.changed + 1 }));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!store.state.penDown) return;
    store.setState((s) => {
      const strokes = s.strokes.slice();
      strokes[strokes.length - 1] = [...strokes[strokes.length - 1], point(event)];
      return { strokes, changed: s.changed + 1 };
    });
  });
  const penUp = () => {
    if (store.state.penDown) store.setState({ penDown: false, ended: store.state.changed });
  };
  canvas.addEventListener("pointerup", penUp);
  canvas.addEventListener("pointercancel", penUp);

  let drawnVersion = -1;
  let sent = 0;
  let lastSentAt = -Infinity;
  let state = store.state;

  function send(t) {
    const version = state.changed;
    sent = version;
    lastSentAt = t;
    canvas.dataset.version = String(version);
    canvas.toBlob((blob) => {
      if (blob) actions.drawing(new File([blob], "digit.png", { type: "image/png" }), version);
    }, "image/png");
  }

  return {
    store,
    view: {
      update(s) { state = s; },
      draw(t) {
        if (drawnVersion !== store.version) {
          drawnVersion = store.version;
          const ctx = canvas.getContext("2d");
          ctx.fillStyle = "#fff";
          ctx.fillRect(0, 0, SIZE, SIZE);
          ctx.strokeStyle = "#000";
          ctx.fillStyle = "#000";
          ctx.lineWidth = PEN;
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          for (const stroke of state.strokes) {
            ctx.beginPath();
            ctx.moveTo(stroke[0][0], stroke[0][1]);
            if (stroke.length === 1) ctx.arc(stroke[0][0], stroke[0][1], PEN / 2, 0, 2 * Math.PI);
            for (const [x, y] of stroke.slice(1)) ctx.lineTo(x, y);
            if (stroke.length === 1) ctx.fill(); else ctx.stroke();
          }
        }
        if (!state.strokes.length || state.changed === sent) return false;
        if (!state.penDown) {
          send(t);                       // a stroke ended: classify now
          return false;
        }
        if (t - lastSentAt >= LIVE_EVERY_MS && !actions.busy()) send(t);
        return true;                     // keep checking while the pen is down
      },
    },
  };
}
