// Back after Save must not make a second record without the person knowing. A form
// saved in this tab is remembered (sessionStorage, by its action); if its page is
// shown again by Back or a reload (the browser refills the fields, and the page has a
// new mutation id), the fields go back to the page's own values and a notice says
// what was just saved, so one more tap never silently records it twice.
import { argsOf } from "/static/app/outbox.js";
import { describe } from "/static/app/pending_summary.js";

const KEY = "mbp-saved-form:";

function actionOf(form) {
  return new URL(form.action, location.href).pathname;
}

export function rememberSaved(form, args) {
  const what = describe(form, args) || form.dataset.pendingLabel || "";
  sessionStorage.setItem(KEY + actionOf(form), JSON.stringify({ what, at: Date.now() }));
}

function cameBack() {
  const type = performance.getEntriesByType("navigation")[0]?.type;
  return type === "back_forward" || type === "reload";
}

function showJustSaved(form, what) {
  const template = document.getElementById("app-just-saved-template");
  if (!template) return;
  form.parentElement.querySelectorAll(".app-just-saved").forEach((old) => old.remove());
  const notice = template.content.firstElementChild.cloneNode(true);
  notice.querySelector("[data-slot=text]").textContent = what;
  form.before(notice);
}

function check() {
  for (const form of document.querySelectorAll("form[data-mutation]")) {
    const key = KEY + actionOf(form);
    const saved = sessionStorage.getItem(key);
    if (!saved) continue;
    if (!cameBack()) {
      sessionStorage.removeItem(key); // opened afresh: a new record is meant
      continue;
    }
    form.reset();
    showJustSaved(form, JSON.parse(saved).what);
  }
}

document.addEventListener("htmx:after:request", (event) => {
  const ctx = event.detail?.ctx;
  const form = ctx?.sourceElement;
  const status = ctx?.response?.status ?? 0;
  if (form instanceof HTMLFormElement && form.dataset.mutation && status >= 200 && status < 400) {
    rememberSaved(form, argsOf(new FormData(form)));
  }
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted) check();
});
check();
