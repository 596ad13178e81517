/**
 * Wires up every page: the language (from `?lang=`, the saved choice, or the browser),
 * the header's language switch, then the page's own module named by `<body data-page>`.
 * @module main
 */
import { chooseLang, getLang, onLangChange, setLang, t } from "./lib/i18n.js";
import { applyI18n } from "./ui/dom.js";

const STORAGE_KEY = "cnnvis.lang";

function savedLang() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

function showLang(lang) {
  document.documentElement.lang = lang;
  applyI18n(document);
  const button = document.getElementById("lang-switch");
  if (button) {
    button.textContent = t("common.langSwitch");
    button.setAttribute("aria-label", t("common.langSwitchLabel"));
    button.lang = lang === "ko" ? "en" : "ko";
    button.hidden = false;
  }
  const url = new URL(location.href);
  if (url.searchParams.get("lang") !== lang && (lang !== "en" || url.searchParams.has("lang"))) {
    url.searchParams.set("lang", lang);
    history.replaceState(history.state, "", url);
  }
}

function markCurrentPage(page) {
  for (const link of document.querySelectorAll(".site-nav [data-nav]")) {
    if (link.dataset.nav === page) link.setAttribute("aria-current", "page");
  }
}

/** Keep `?lang=` on links to our own pages, so the language follows the learner. */
function carryLang(event) {
  const link = event.target.closest && event.target.closest("a[href^='/']");
  if (!link || getLang() === "en" || link.getAttribute("href").startsWith("/api")) return;
  const url = new URL(link.href);
  if (!url.searchParams.has("lang")) {
    url.searchParams.set("lang", getLang());
    link.href = url.pathname + url.search + url.hash;
  }
}

const params = new URLSearchParams(location.search);
setLang(chooseLang(params.get("lang"), savedLang(), navigator.language));
onLangChange((lang) => {
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode */ }
  showLang(lang);
});
document.getElementById("lang-switch")?.addEventListener("click", () => {
  setLang(getLang() === "ko" ? "en" : "ko");
});
document.addEventListener("click", carryLang, true);
showLang(getLang());

const page = document.body.dataset.page;
markCurrentPage(page);
if (page) {
  const module = await import(`./pages/${page}.js`);
  module.mount(document.getElementById("page") ?? document.getElementById("main"));
  document.body.dataset.ready = "true";
}
