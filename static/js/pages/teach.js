/**
 * Teach it your own classes: photos per class (upload, drop, camera), their EfficientNet-Lite0
 * feature vectors, a softmax head trained by the engine, what it learned, live prediction,
 * and the head as a file. The server keeps nothing; this page holds the photos, their
 * vectors (by photo id) and the head, and sends them with each request.
 * @module pages/teach
 */
import * as api from "../api.js";
import { addView } from "../loop.js";
import { createStore } from "../state.js";
import { getLang, onLangChange, t } from "../lib/i18n.js";
import { explainHead, features, predictHead, trainHead } from "../lib/teachApi.js";
import { HeadFileError, MAX_CLASSES, MIN_CLASSES, readHeadFile, trainBody, vectorsOf } from "../lib/teachData.js";
import { english } from "../lib/serverText.js";
import { applyI18n, el } from "../ui/dom.js";
import { createTeachCameraView } from "../views/teachCameraView.js";
import { createTeachClassesView } from "../views/teachClassesView.js";
import { createTeachTrainView } from "../views/teachTrainView.js";
import { createTeachResultsView } from "../views/teachResultsView.js";
import { createTeachPredictView } from "../views/teachPredictView.js";
import { createTeachWhyView } from "../views/teachWhyView.js";

const NETWORK = "efficientnet_lite0";
const BATCH = 4;           // photos per features request (progress after each)
const MAX_PHOTOS = 200;    // the server's CNNVIS_MAX_HEAD_EXAMPLES default
/** No photo was left out (`dropped`: how many the last additions could not add). */
const NONE_DROPPED = { count: 0, max: MAX_PHOTOS };
const BURST_MS = 250;      // a frame this often while the capture button is held
const FRAME_SIDE = 320;    // captured frames are at most this wide or high

const IDLE_TRAIN = { status: "idle", done: 0, total: 0, epochs: [], result: null, error: null, labels: [] };
const IDLE_PREDICT = { busy: false, result: null, error: null, url: null, blob: null, live: false };
/** Grad-CAM of a class for the predicted photo (views/teachWhyView.js). */
const IDLE_WHY = { busy: false, target: null, result: null, error: null };

/**
 * Mount the page into its root.
 * @param {HTMLElement} root
 */
export function mount(root) {
  let nextId = 1;
  const newClass = (n) => ({ id: nextId++, name: t("teach.defaultName", { n }), photos: [] });
  const store = createStore({
    lang: getLang(), unavailable: null, classes: [newClass(1), newClass(2)],
    camera: { status: "off", error: null },
    settings: { epochs: 50, learning_rate: 0.01, held_out: 0.2 },
    train: IDLE_TRAIN, head: null, importedClasses: null, importError: null, predict: IDLE_PREDICT,
    dropped: NONE_DROPPED, why: IDLE_WHY,
  });
  const vectors = new Map();  // photo id -> Float32Array (D,)
  const video = el("video", { playsinline: true, autoplay: true });
  video.muted = true;
  let stream = null;
  let controller = null;
  let burst = null;
  let whyController = null;

  const set = (patch) => store.setState(patch);
  const patchClass = (id, fn) => set((s) => ({ classes: s.classes.map((c) => (c.id === id ? { ...c, ...fn(c) } : c)) }));
  const totalPhotos = () => store.state.classes.reduce((n, c) => n + c.photos.length, 0);

  function addBlobs(id, blobs) {
    const room = MAX_PHOTOS - totalPhotos();
    const photos = blobs.slice(0, Math.max(0, room)).map((blob) => ({ id: nextId++, blob, url: URL.createObjectURL(blob) }));
    if (photos.length) patchClass(id, (c) => ({ photos: [...c.photos, ...photos] }));
    // Those over the limit are named, not dropped silently (the note stays until a photo goes).
    const left = blobs.length - photos.length;
    if (left > 0) set((s) => ({ dropped: { count: s.dropped.count + left, max: MAX_PHOTOS } }));
  }

  async function frameBlob() {
    if (!stream || !video.videoWidth) return null;
    const scale = Math.min(1, FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
  }

  async function captureOnce(id) {
    const blob = await frameBlob();
    if (blob) addBlobs(id, [blob]);
  }

  const actions = {
    addClass() {
      const n = store.state.classes.length;
      if (n < MAX_CLASSES) set((s) => ({ classes: [...s.classes, newClass(n + 1)] }));
    },
    removeClass(id) {
      if (store.state.classes.length <= MIN_CLASSES) return;
      const gone = store.state.classes.find((c) => c.id === id);
      gone?.photos.forEach((p) => { URL.revokeObjectURL(p.url); vectors.delete(p.id); });
      set((s) => ({ classes: s.classes.filter((c) => c.id !== id), dropped: NONE_DROPPED }));
    },
    rename(id, name) { patchClass(id, () => ({ name })); },
    addFiles(id, files) { addBlobs(id, files); },
    removePhoto(id, photoId) {
      patchClass(id, (c) => {
        c.photos.filter((p) => p.id === photoId).forEach((p) => URL.revokeObjectURL(p.url));
        return { photos: c.photos.filter((p) => p.id !== photoId) };
      });
      vectors.delete(photoId);
      set({ dropped: NONE_DROPPED });
    },
    captureOnce,
    captureStart(id) {
      actions.captureStop();
      captureOnce(id);
      burst = setInterval(() => captureOnce(id), BURST_MS);
    },
    captureStop() {
      if (burst !== null) clearInterval(burst);
      burst = null;
    },
    async toggleCamera() {
      if (stream) {
        stream.getTracks().forEach((track) => track.stop());
        stream = null;
        video.srcObject = null;
        set((s) => ({ camera: { status: "off", error: null }, predict: { ...s.predict, live: false } }));
        return;
      }
      if (!navigator.mediaDevices?.getUserMedia) {
        set({ camera: { status: "error", error: "getUserMedia" } });
        return;
      }
      set({ camera: { status: "starting", error: null } });
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        video.srcObject = stream;
        await video.play().catch(() => {});
        set({ camera: { status: "on", error: null } });
      } catch (err) {
        stream = null;
        set({ camera: { status: "error", error: err && err.name ? err.name : String(err) } });   // worded by the view
      }
    },
    setSettings(patch) { set((s) => ({ settings: { ...s.settings, ...patch } })); },
    async train() {
      controller?.abort();
      controller = new AbortController();
      const { signal } = controller;
      const classes = store.state.classes.map((c, i) => ({
        ...c, name: c.name.trim() || t("teach.defaultName", { n: i + 1 }) }));
      const photos = classes.flatMap((c) => c.photos);
      const missing = photos.filter((p) => !vectors.has(p.id));
      set({ train: { ...IDLE_TRAIN, status: "features", done: photos.length - missing.length, total: photos.length },
            importedClasses: null, importError: null });
      try {
        for (let i = 0; i < missing.length; i += BATCH) {
          const batch = missing.slice(i, i + BATCH);
          const answer = await features(NETWORK, batch.map((p) => p.blob), signal);
          vectorsOf(answer.features).forEach((v, j) => vectors.set(batch[j].id, v));
          set((s) => ({ train: { ...s.train, done: s.train.done + batch.length } }));
        }
        const labels = classes.flatMap((c, k) => c.photos.map(() => k));
        const body = trainBody(classes.map((c) => ({ name: c.name, photos: c.photos.map((p) => ({ vector: vectors.get(p.id) })) })),
          store.state.settings);
        set((s) => ({ train: { ...s.train, status: "training", labels } }));
        const done = await trainHead(body, (line) => {
          if (line.type === "progress") set((s) => ({ train: { ...s.train, epochs: [...s.train.epochs, line] } }));
        }, signal);
        set((s) => ({ train: { ...s.train, status: "done", result: done }, head: done.head,
                      predict: { ...s.predict, result: null, error: null }, why: IDLE_WHY }));
      } catch (err) {
        if (err && err.name === "AbortError") set((s) => ({ train: { ...s.train, status: "idle" } }));
        else set((s) => ({ train: { ...s.train, status: "error", error: err } }));
      }
    },
    stop() { controller?.abort(); },
    exportHead() {
      const { head } = store.state;
      if (!head) return;
      const url = URL.createObjectURL(new Blob([JSON.stringify(head)], { type: "application/json" }));
      const a = el("a", { href: url, download: `cnnvis-head-${head.classes.join("-").replace(/[^\w-]+/g, "_").slice(0, 60)}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    async importHead(file) {
      try {
        const head = readHeadFile(await file.text());
        set({ head, importedClasses: head.classes, importError: null, predict: IDLE_PREDICT, why: IDLE_WHY });
      } catch (err) {
        // A file the page can name the fault of is worded in the page's language.
        const importError = err instanceof HeadFileError ? { key: err.key, vars: err.vars }
          : english(err && err.message ? err.message : String(err));
        set({ importError, importedClasses: null });
      }
    },
    async predictFile(file) {
      const url = URL.createObjectURL(file);
      await predictBlob(file, url);
    },
    /** Grad-CAM of class `target` for the predicted photo (a newer request replaces an older one). */
    async explain(target) {
      const { blob } = store.state.predict;
      if (!blob || !store.state.head) return;
      whyController?.abort();
      whyController = new AbortController();
      const { signal } = whyController;
      set({ why: { ...IDLE_WHY, busy: true, target } });
      try {
        const result = await explainHead(blob, store.state.head, target, signal);
        if (!signal.aborted) set({ why: { ...IDLE_WHY, target, result } });
      } catch (err) {
        if (!signal.aborted) set({ why: { ...IDLE_WHY, target, error: err } });
      }
    },
    async toggleLive() {
      if (store.state.predict.live) { set((s) => ({ predict: { ...s.predict, live: false } })); return; }
      set((s) => ({ predict: { ...s.predict, live: true } }));
      while (store.state.predict.live && stream && store.state.head) {
        const blob = await frameBlob();
        if (!blob) break;
        await predictBlob(blob, URL.createObjectURL(blob));
        if (store.state.predict.error) break;
      }
      set((s) => ({ predict: { ...s.predict, live: false } }));
    },
  };

  async function predictBlob(blob, url) {
    const old = store.state.predict.url;
    whyController?.abort();
    set((s) => ({ predict: { ...s.predict, busy: true, error: null, url, blob }, why: IDLE_WHY }));
    if (old) URL.revokeObjectURL(old);
    try {
      const answer = await predictHead(blob, store.state.head);
      set((s) => ({ predict: { ...s.predict, busy: false, result: answer.predictions[0] } }));
    } catch (err) {
      set((s) => ({ predict: { ...s.predict, busy: false, error: err, result: null } }));
    }
  }

  const section = (id) => el("section", { class: "teach-section", id });
  const cameraRoot = section("teach-camera-section");
  const classesRoot = section("teach-classes-section");
  const trainRoot = section("teach-train-section");
  const resultsRoot = section("teach-results-section");
  const predictRoot = section("teach-predict-section");
  root.replaceChildren(el("h1", { i18n: "teach.title" }), el("p", { class: "teach-intro", i18n: "teach.intro" }),
    cameraRoot, classesRoot, trainRoot, resultsRoot, predictRoot);
  for (const view of [createTeachCameraView(cameraRoot, actions, video), createTeachClassesView(classesRoot, actions),
    createTeachTrainView(trainRoot, actions), createTeachResultsView(resultsRoot),
    createTeachPredictView(predictRoot, actions), createTeachWhyView(predictRoot, actions)]) addView(view, store);
  onLangChange((lang) => { applyI18n(root); set({ lang }); });

  api.networks().then(({ networks }) => {
    const net = networks.find((n) => n.name === NETWORK);
    const reason = !net ? t("teach.notListed") : net.unavailable && english(net.unavailable);
    if (reason) set({ unavailable: reason });
  }).catch((err) => set({ unavailable: err }));
}
