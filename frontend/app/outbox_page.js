// The "changes on this device" page (/sync) and resending a change that was not saved.
import * as outbox from "/static/app/outbox.js";
import { fromTemplate } from "/static/app/markup.js";
import { ago, refresh, rotateMutationId, sync } from "/static/app/offline.js";

async function renderOutboxPage() {
  const root = document.querySelector("[data-outbox-page]");
  if (!root) return;
  const me = document.body.dataset.user || "";
  const all = (await outbox.items()).filter((i) => i.user === me);
  if (!all.length) {
    root.replaceChildren(fromTemplate("app-outbox-empty-template"));
    return;
  }
  const list = fromTemplate("app-outbox-list-template");
  list.append(...all.map(outboxRow));
  root.replaceChildren(list);
}

function outboxRow(item) {
  const fields = Object.entries(item.args || {})
    .filter(([k]) => !k.startsWith("_"))
    .map(([k, v]) => [k.replace(/[_-]/g, " "), v instanceof Blob ? sizeInWords(v.size) : [].concat(v).join(", ")]);
  const row = fromTemplate("app-outbox-row-template", {
    status: item.status,
    label: item.label || item.name,
    ago: ago(item.at),
    reasons: Object.values(item.errors || {}),
    summary: item.summary || null, // as its waiting card says it
    "all-fields": fields.length > 0,
    fields,
    edit: item.page ? { href: `${item.page}#resend=${item.id}` } : null,
    what: ` ${item.label || ""}`,
  });
  row.querySelectorAll("[data-discard]").forEach((b) => b.addEventListener("click", async () => {
    await outbox.discard(item.id);
    await refresh();
    sync();
  }));
  row.querySelectorAll("[data-sync]").forEach((b) => b.addEventListener("click", () => sync({ announce: true })));
  return row;
}

function sizeInWords(size) {
  return size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(size / 1024))} KB`;
}

function fill(form, args) {
  for (const [name, value] of Object.entries(args)) {
    if (value instanceof Blob) continue; // a file input cannot be refilled: choose it again
    const values = [].concat(value).map(String);
    for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
      if (field.type === "hidden" && ["_csrf_token", "mutation_id"].includes(name)) continue;
      if (field.type === "checkbox" || field.type === "radio") field.checked = values.includes(field.value);
      else field.value = values[0] ?? "";
    }
  }
}

async function resendFromHash() {
  const match = /#resend=([\w-]+)/.exec(location.hash);
  if (!match) return;
  const item = (await outbox.items()).find((i) => i.id === match[1]);
  const form = item && document.querySelector(`form[data-mutation="${CSS.escape(item.name)}"]`);
  if (!form) return;
  fill(form, item.args);
  rotateMutationId(form);
  const summary = fromTemplate("app-resend-template", { reasons: Object.values(item.errors || {}) });
  form.before(summary);
  summary.focus();
  const forget = () => outbox.remove(item.id).then(refresh);
  form.addEventListener("submit", () => {
    if (!navigator.onLine) setTimeout(forget, 0);
  }, true);
  document.addEventListener("htmx:after:request", (event) => {
    const status = event.detail?.ctx?.response?.status ?? 0;
    if (event.detail?.ctx?.sourceElement === form && status > 0 && status < 400) forget();
  });
}

document.addEventListener("mbp:outbox-changed", () => renderOutboxPage());
renderOutboxPage();
resendFromHash();
