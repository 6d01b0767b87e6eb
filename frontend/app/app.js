// MBP Journey: progressive enhancement on top of server-rendered pages.
// Every page works without this file; it adds NHS component behaviour, the CSRF
// header for htmx requests, and small conveniences.
import { initAll } from "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();

// The offline machinery (about 27 KB: the outbox, IndexedDB, the banners) is for pages of a
// person signed in, pages opened from this device's copies and the "not saved" page. A
// first visit to the sign-in page loads only what it shows, and starts the service worker
// so the app is saving itself for offline use while the person types their password.
const offlinePage =
  document.querySelector('form[action="/sign-out"]') ||
  document.body.dataset.mbpSavedAt ||
  document.querySelector("[data-offline-page]");
if (offlinePage) {
  import("/static/app/offline.js");
  import("/static/app/outbox_page.js");
  import("/static/app/offline_page.js");
} else if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" }).catch(() => {
    // offline.js says so on the next signed-in page, where it matters
  });
}

/** The CSRF token, read when a request is sent (it can change after signing in again). */
export function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("mbp_csrf="));
  if (cookie) return decodeURIComponent(cookie.slice("mbp_csrf=".length));
  return document.querySelector('meta[name="csrf-token"]')?.content ?? "";
}

document.addEventListener("htmx:config:request", (event) => {
  event.detail.ctx.request.headers["X-CSRF-Token"] = csrfToken();
});

// Start NHS component behaviour inside content htmx has swapped in.
document.addEventListener("htmx:after:swap", (event) => {
  const scope = event.target instanceof Element ? event.target : document.body;
  initAll({ scope });
});

// Read-only fields marked data-copy select their text on focus, and get a Copy button.
document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && field.hasAttribute("data-copy")) field.select();
});

function addCopyButtons(scope) {
  if (!navigator.clipboard) return;
  for (const field of scope.querySelectorAll("input[data-copy]")) {
    if (field.nextElementSibling?.classList.contains("app-copy-button")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small app-copy-button";
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`)?.textContent.trim() || "";
    const word = document.createTextNode("Copy");
    const what = document.createElement("span");
    what.className = "nhsuk-u-visually-hidden";
    what.textContent = label ? ` the ${label.toLowerCase()}` : "";
    button.append(word, what);
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      word.textContent = "Copied";
      setTimeout(() => { word.textContent = "Copy"; }, 3000);
    });
    field.after(button);
  }
}
addCopyButtons(document);
