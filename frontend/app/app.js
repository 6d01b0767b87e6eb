// MBP Journey: progressive enhancement on top of server-rendered pages.
// Every page works without this file; it adds NHS component behaviour, the CSRF
// header for htmx requests, and small conveniences.
import { initAll } from "/static/vendor/nhsuk-frontend/nhsuk-frontend.min.js";
import "/static/app/offline.js";
import "/static/app/outbox_page.js";

initAll();

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

// Read-only fields marked data-copy select their text on focus, ready to copy.
document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && field.hasAttribute("data-copy")) field.select();
});
