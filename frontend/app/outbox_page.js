// The "changes on this device" page (/sync) and resending a change that was not saved.
import * as outbox from "/static/app/outbox.js";
import { ago, esc, refresh, rotateMutationId, sync } from "/static/app/offline.js";

const STATUS_TEXT = { pending: "Waiting to sync", rejected: "Not saved", update_needed: "Update needed" };

async function renderOutboxPage() {
  const root = document.querySelector("[data-outbox-page]");
  if (!root) return;
  const me = document.body.dataset.user || "";
  const all = (await outbox.items()).filter((i) => i.user === me);
  if (!all.length) {
    root.innerHTML = '<p class="app-outbox__empty">Every change made on this device has reached the server.</p>';
    return;
  }
  root.innerHTML = `<ul class="nhsuk-list app-outbox__list">${all.map(outboxRow).join("")}</ul>`;
  root.querySelectorAll("[data-discard]").forEach((b) => b.addEventListener("click", async () => {
    await outbox.discard(b.dataset.discard);
    await refresh();
    sync();
  }));
  root.querySelectorAll("[data-sync]").forEach((b) => b.addEventListener("click", async () => {
    await sync({ announce: true });
  }));
}

function outboxRow(item) {
  const args = Object.entries(item.args || {})
    .filter(([k]) => !k.startsWith("_"))
    .map(([k, v]) => `<dt>${esc(k.replace(/[_-]/g, " "))}</dt><dd>${esc([].concat(v).join(", "))}</dd>`).join("");
  const errors = Object.values(item.errors || {}).map((e) => `<li>${esc(e)}</li>`).join("");
  const colour = { pending: "yellow", rejected: "red", update_needed: "orange" }[item.status] || "grey";
  const actions = item.status === "rejected"
    ? `${item.page ? `<a class="nhsuk-button nhsuk-button--small" href="${esc(item.page)}#resend=${esc(item.id)}">Edit and send again</a>` : ""}
       <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" data-discard="${esc(item.id)}">Discard<span class="nhsuk-u-visually-hidden"> ${esc(item.label)}</span></button>`
    : `<button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" data-sync>Sync now</button>
       <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" data-discard="${esc(item.id)}">Cancel this change<span class="nhsuk-u-visually-hidden"> ${esc(item.label)}</span></button>`;
  return `<li class="app-outbox__item nhsuk-card"><div class="nhsuk-card__content">
    <h2 class="nhsuk-card__heading nhsuk-heading-s">${esc(item.label || item.name)}</h2>
    <p><strong class="nhsuk-tag nhsuk-tag--${colour}">${STATUS_TEXT[item.status] || esc(item.status)}</strong>
      <span class="nhsuk-body-s app-secondary-text">made ${esc(ago(item.at))}</span></p>
    ${errors ? `<ul class="nhsuk-list nhsuk-error-message">${errors}</ul>` : ""}
    ${args ? `<dl class="app-outbox__fields">${args}</dl>` : ""}
    <div class="app-outbox__actions">${actions}</div>
  </div></li>`;
}

function fill(form, args) {
  for (const [name, value] of Object.entries(args)) {
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
  const reasons = Object.values(item.errors || {}).map((e) => `<li>${esc(e)}</li>`).join("");
  const summary = document.createElement("div");
  summary.className = "nhsuk-error-summary";
  summary.setAttribute("tabindex", "-1");
  summary.innerHTML = `<h2 class="nhsuk-error-summary__title">This change was not saved</h2>
    <div class="nhsuk-error-summary__body"><p>Correct it and send it again.</p><ul class="nhsuk-list nhsuk-error-summary__list">${reasons}</ul></div>`;
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
