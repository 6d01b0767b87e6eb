// Offline behaviour of the pages: queue forms when there is no signal, show what
// is waiting, send it when the signal returns, keep the offline set fresh.
import * as outbox from "/static/app/outbox.js";
import { describe } from "/static/app/pending_summary.js";
import { rememberSaved } from "/static/app/saved_forms.js";
import { refreshLists, showOutcome } from "/static/app/sync_notice.js";

const FLUSH_EVERY_MS = 30000;
const FORM_TIMEOUT_MS = 6000;
const RETRY_AFTER_MS = [1000, 2000, 5000, 10000, 20000];
let failures = 0;
const TEAM_IN_PATH = /\/teams\/([a-z0-9]{12})(?:\/|$)/;
const DEVICE_COOKIE = "mbp_device";
let timer = null;
let workerFailed = false;
let lastResult = null;
// Whether the server answered us since this page was shown (a saved copy says no).
let reachable = navigator.onLine && !document.body.dataset.mbpSavedAt && !document.querySelector("[data-offline-page]");

const banner = () => document.getElementById("app-sync-banner");
const teamOf = (path) => (TEAM_IN_PATH.exec(path) || [])[1] || null;
const currentTeam = () => teamOf(location.pathname) || document.body.dataset.team || null;
const me = () => document.body.dataset.user || "";
// Whose changes to count: the person this page is for; on a page for nobody (the
// offline page), everything waiting on the device.
const whose = () => me() || null;

function esc(text) {
  const div = document.createElement("div");
  div.textContent = text == null ? "" : String(text);
  return div.innerHTML;
}

function ago(iso) {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
  if (!Number.isFinite(minutes) || minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// ---- the banner ------------------------------------------------------------

async function renderBanner() {
  const el = banner();
  if (!el) return;
  const c = await outbox.counts(whose());
  const savedAt = document.body.dataset.mbpSavedAt;
  const lines = [];
  if (!navigator.onLine || !reachable) {
    lines.push(`<p class="app-sync-banner__line"><strong>You are offline.</strong> ${savedAt ? `This page was saved on this device ${esc(ago(savedAt))}.` : ""} Changes you make are kept on this device and sent when you are back online.</p>`);
  } else if (savedAt) {
    lines.push(`<p class="app-sync-banner__line">You are back online. This page was saved on this device ${esc(ago(savedAt))}: <a href="${esc(location.pathname + location.search)}">reload it</a> to see the latest.</p>`);
  }
  if (workerFailed) {
    lines.push(`<p class="app-sync-banner__line"><strong class="nhsuk-tag nhsuk-tag--orange">Not kept offline</strong> This browser did not let MBP Journey keep pages on this device, so they will not open without signal.</p>`);
  }
  if (c.pending) {
    const signIn = lastResult?.unauthorized
      ? ` <a href="/sign-in?next=${encodeURIComponent(location.pathname)}">Sign in again</a> to send ${c.pending === 1 ? "it" : "them"}.`
      : "";
    lines.push(`<p class="app-sync-banner__line"><strong class="nhsuk-tag nhsuk-tag--yellow">Waiting to sync</strong> ${esc(plural(c.pending, "change"))} on this device.${signIn}</p>`);
  }
  if (c.updateNeeded) {
    lines.push(`<p class="app-sync-banner__line"><strong class="nhsuk-tag nhsuk-tag--orange">Update needed</strong> ${esc(plural(c.updateNeeded, "change"))} need a newer version of the app. Close and reopen the app to update; your changes are kept.</p>`);
  }
  if (c.others) {
    lines.push(`<p class="app-sync-banner__line"><strong class="nhsuk-tag nhsuk-tag--grey">Someone else's</strong> ${esc(plural(c.others, "change"))} made on this device by someone else will be sent when they sign in here again.</p>`);
  }
  if (c.rejected) {
    lines.push(`<p class="app-sync-banner__line"><strong class="nhsuk-tag nhsuk-tag--red">Not saved</strong> ${esc(plural(c.rejected, "change"))} could not be saved. <a href="/sync">Review ${c.rejected === 1 ? "it" : "them"}</a>.</p>`);
  }
  if (c.pending) {
    lines.push(`<p class="app-sync-banner__line"><button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-sync-now">Sync now</button> <a href="/sync">See changes on this device</a></p>`);
  }
  el.innerHTML = lines.join("");
  el.hidden = lines.length === 0;
  el.querySelector(".app-sync-now")?.addEventListener("click", () => sync({ announce: true }));
  rememberOnDevice(c.pending + c.rejected + c.updateNeeded);
}

function announce(text) {
  let live = document.getElementById("app-sync-status");
  if (!live) {
    live = document.createElement("div");
    live.id = "app-sync-status";
    live.className = "nhsuk-u-visually-hidden";
    live.setAttribute("role", "status");
    document.body.append(live);
  }
  live.textContent = text;
}

// ---- pending cards where the record would appear ---------------------------

async function renderPendingCards() {
  const containers = document.querySelectorAll("[data-pending-for]");
  if (!containers.length) return;
  const all = await outbox.items();
  for (const container of containers) {
    container.querySelectorAll(".app-pending-card").forEach((card) => card.remove());
    const names = container.dataset.pendingFor.split(/\s+/);
    const team = container.dataset.team || currentTeam();
    // data-pending-return narrows the cards to changes made from forms that return here
    // (a supervisee's page shows what was queued for that person, not for everyone).
    const from = container.dataset.pendingReturn;
    const shown = all.filter(
      (i) => names.includes(i.name) && i.team === team && i.user === me() && (!from || i.returnTo === from),
    );
    for (const item of shown) {
      container.prepend(card(item, container.tagName === "UL" || container.tagName === "OL" ? "li" : "div"));
    }
  }
}

function card(item, tag) {
  const el = document.createElement(tag);
  el.className = "app-pending-card";
  el.dataset.outboxId = item.id;
  const tags = {
    pending: '<strong class="nhsuk-tag nhsuk-tag--yellow">Waiting to sync</strong>',
    rejected: '<strong class="nhsuk-tag nhsuk-tag--red">Not saved</strong>',
    update_needed: '<strong class="nhsuk-tag nhsuk-tag--orange">Update needed</strong>',
  };
  const reasons = Object.values(item.errors || {}).map((e) => `<li>${esc(e)}</li>`).join("");
  el.innerHTML = `${tags[item.status] || ""} <span class="app-pending-card__label">${esc(item.label || "Change")}</span>
    ${item.summary ? `<span class="app-pending-card__summary nhsuk-body-s">${esc(item.summary)}</span>` : ""}
    ${reasons ? `<ul class="nhsuk-list nhsuk-error-message app-pending-card__errors">${reasons}</ul><a href="/sync">Review and resend</a>` : ""}`;
  return el;
}

// ---- forms -----------------------------------------------------------------

async function queueForm(form, submitter) {
  const data = new FormData(form, submitter || undefined);
  const args = outbox.argsOf(data);
  const id = data.get("mutation_id") || outbox.uuid();
  const base = data.get("base_version");
  const team = form.dataset.team || teamOf(new URL(form.action, location.href).pathname) || currentTeam();
  if (!team) return false;
  try {
    await outbox.enqueue({
      id, team, user: me(), name: form.dataset.mutation, args,
      baseVersion: base && /^\d+$/.test(base) ? Number(base) : null,
      label: form.dataset.pendingLabel || document.title.split(" - ")[0],
      summary: describe(form, args), page: location.pathname, returnTo: form.dataset.return || "",
    });
  } catch (error) {
    // Quota, private browsing, a wiped database: say so, and leave what they typed.
    console.error("could not keep the change on this device", error);
    notSaved(form);
    return true;
  }
  document.querySelectorAll(".app-not-saved-on-device").forEach((old) => old.remove());
  rememberSaved(form, args);
  rotateMutationId(form);
  sessionStorage.setItem("mbp-flash", "Saved on this device. It will be sent when you are back online.");
  if (form.dataset.return) {
    location.assign(form.dataset.return);
  } else {
    form.reset();
    showFlash();
    await refresh();
  }
  requestBackgroundSync();
  return true;
}

function notSaved(form) {
  const template = document.getElementById("app-not-saved-template");
  if (!template) return;
  document.querySelectorAll(".app-not-saved-on-device").forEach((old) => old.remove());
  const summary = template.content.firstElementChild.cloneNode(true);
  form.before(summary);
  summary.focus();
}

function rotateMutationId(form) {
  const field = form.querySelector('input[name="mutation_id"]');
  if (field) field.value = outbox.uuid();
}

function showFlash() {
  const text = sessionStorage.getItem("mbp-flash");
  if (!text) return;
  sessionStorage.removeItem("mbp-flash");
  const main = document.getElementById("maincontent");
  if (!main) return;
  const box = document.createElement("div");
  box.className = "nhsuk-notification-banner nhsuk-notification-banner--success app-offline-flash";
  box.setAttribute("role", "alert");
  box.innerHTML = `<div class="nhsuk-notification-banner__header"><h2 class="nhsuk-notification-banner__title">Saved on this device</h2></div>
    <div class="nhsuk-notification-banner__content"><p class="nhsuk-notification-banner__heading">${esc(text)}</p></div>`;
  main.prepend(box);
}

function watchForms() {
  // htmx sends these forms (and reports network failures); it may have scanned the
  // page before this module ran, so ask it to look at them again.
  for (const form of document.querySelectorAll("form[data-mutation]")) {
    if (!form.hasAttribute("data-hx-boost")) form.setAttribute("data-hx-boost", "true");
    globalThis.htmx?.process(form);
  }
  // Offline: queue before htmx or the browser try the network.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.mutation || navigator.onLine) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    await queueForm(form, event.submitter);
  }, true);
  // Online, but the request failed on the network or the server had a fault:
  // keep the change (same mutation id, so it can never apply twice).
  document.addEventListener("htmx:error", async (event) => {
    const form = event.detail?.ctx?.sourceElement;
    if (form instanceof HTMLFormElement && form.dataset.mutation) await queueForm(form);
  });
  // Connected but nothing comes back ("lie-fi"): give up on the server after a few
  // seconds and keep the change (htmx reports the timeout as htmx:error above).
  document.addEventListener("htmx:config:request", (event) => {
    const ctx = event.detail?.ctx;
    if (ctx?.sourceElement instanceof HTMLFormElement && ctx.sourceElement.dataset.mutation) {
      ctx.request.timeout ??= FORM_TIMEOUT_MS;
    }
  });
  document.addEventListener("htmx:before:swap", async (event) => {
    const ctx = event.detail?.ctx;
    const form = ctx?.sourceElement;
    const status = ctx?.response?.status ?? 0;
    if (form instanceof HTMLFormElement && form.dataset.mutation && status >= 500) {
      event.preventDefault();
      await queueForm(form);
    }
  });
}

// ---- syncing ---------------------------------------------------------------

async function sync({ announce: say = false } = {}) {
  if (!navigator.onLine) {
    if (say) announce("You are offline. Your changes will be sent when you are back online.");
    return;
  }
  const before = await outbox.counts(whose());
  const result = await outbox.flush();
  lastResult = result;
  if (result.contacted) reachable = !result.error;
  else if (result.error) reachable = false;
  const after = await outbox.counts(whose());
  await settled(result);
  if (say || result.applied || result.rejected) {
    const parts = [];
    if (result.applied) parts.push(`${plural(result.applied, "change")} sent`);
    if (result.conflicts) parts.push(`${plural(result.conflicts, "change")} clashed with someone else's: check them`);
    if (result.rejected) parts.push(`${plural(result.rejected, "change")} could not be saved`);
    if (result.unauthorized) parts.push("sign in again to send your changes");
    if (result.error) parts.push("could not reach the server; will try again");
    if (!parts.length && !before.pending) parts.push("Nothing waiting to sync");
    announce(parts.join(". "));
  }
  if (result.applied && !after.pending) {
    await refreshOfflineSet(true);
  }
  schedule(result);
  return result;
}

function schedule(result) {
  clearTimeout(timer);
  // Back off quickly after a failure (the signal often takes a moment to return),
  // then settle to every 30 seconds while anything waits.
  failures = result?.error ? failures + 1 : 0;
  const wait = failures ? RETRY_AFTER_MS[Math.min(failures, RETRY_AFTER_MS.length) - 1] : FLUSH_EVERY_MS;
  outbox.counts(whose()).then((c) => {
    if (c.pending) timer = setTimeout(() => sync(), wait);
  });
}

function requestBackgroundSync() {
  // Where the browser has no Background Sync, the page's own timer and events send instead.
  navigator.serviceWorker?.ready
    .then((reg) => reg.sync?.register("mbp-outbox"))
    .catch((error) => console.info("Background Sync not available; the page sends changes itself", error));
}

async function refreshOfflineSet(force = false) {
  const team = currentTeam();
  if (!team || !navigator.onLine || !navigator.serviceWorker?.controller) return;
  const key = `offline-set:${team}:${me()}`;
  const last = await outbox.getMeta(key, 0);
  if (!force && Date.now() - last < 5 * 60 * 1000) return;
  const response = await fetch(`/api/teams/${team}/offline-set`, { credentials: "same-origin", headers: { Accept: "application/json" } }).catch((error) => {
    console.warn("could not ask which pages to keep offline; will try after the next sync", error);
    return null;
  });
  if (!response?.ok) return;
  const { urls } = await response.json();
  navigator.serviceWorker.controller.postMessage({ type: "refresh-offline-set", urls });
  await outbox.setMeta(key, Date.now());
}

/** What a sync settled: the lists read again (so a record moves from its waiting card to
 * its row without vanishing), then the cards and the banner, then a notice in the page. */
async function settled(result) {
  if (result.applied) await refreshLists();
  await refresh();
  showOutcome(result);
}

async function refresh() {
  await renderBanner();
  await renderPendingCards();
  document.dispatchEvent(new CustomEvent("mbp:outbox-changed"));
}

// ---- durability --------------------------------------------------------------

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

function rememberOnDevice(waiting) {
  outbox.clientId().then((id) => {
    document.cookie = `${DEVICE_COOKIE}=${encodeURIComponent(`${id}.${waiting}`)}; path=/; max-age=31536000; samesite=lax`;
  });
}

/** A device cookie naming an install whose IndexedDB is gone means storage was wiped. */
async function checkStorageWiped() {
  const marker = cookie(DEVICE_COOKIE);
  if (!marker) return;
  const [id, waiting] = marker.split(".");
  const stored = await outbox.getMeta("client_id");
  if (stored && stored === id) return;
  if (!stored && Number(waiting) > 0) {
    const main = document.getElementById("maincontent");
    const box = document.createElement("div");
    box.className = "nhsuk-warning-callout app-storage-wiped";
    box.innerHTML = `<h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Saved changes may be lost</span></h2>
      <p>This device's saved data was cleared. ${esc(plural(Number(waiting), "change"))} made here had not been sent and may be lost. Check your records and enter again anything missing.</p>`;
    main?.prepend(box);
  }
  await outbox.clientId();
}

async function keepStorage() {
  if (!navigator.storage?.persist) return;
  if (await navigator.storage.persisted?.()) return;
  const granted = await navigator.storage.persist().catch((error) => {
    console.warn("could not ask to keep this site's storage", error);
    return false;
  });
  if (!granted) console.info("storage may be cleared by the browser when space is short");
}

function iosPrompt() {
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
  const standalone = navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
  if (!ios || standalone || localStorage.getItem("mbp-ios-prompt") === "dismissed") return;
  const main = document.getElementById("maincontent");
  const box = document.createElement("div");
  box.className = "nhsuk-inset-text app-ios-prompt";
  box.innerHTML = `<span class="nhsuk-u-visually-hidden">Information: </span>
    <p>Add MBP Journey to your Home Screen: tap Share, then "Add to Home Screen". Otherwise Safari may clear changes saved on this phone after 7 days without a visit.</p>
    <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small">Dismiss</button>`;
  box.querySelector("button").addEventListener("click", () => {
    localStorage.setItem("mbp-ios-prompt", "dismissed");
    box.remove();
  });
  main?.prepend(box);
}

// ---- start -------------------------------------------------------------------

// A phone that was offline for days may have missed a release: look for one as soon
// as the signal is back, not only at the next page the browser happens to load.
function checkForRelease() {
  navigator.serviceWorker
    ?.getRegistration()
    .then((registration) => registration?.update())
    .catch(() => {}); // no release reachable yet: the browser looks again on the next page
}

async function start() {
  if (!("indexedDB" in window)) return;
  const signedIn = Boolean(document.querySelector('form[action="/sign-out"]'));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" }).catch((error) => {
      console.error("the service worker did not start: pages will not open offline", error);
      workerFailed = true;
      renderBanner();
    });
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data?.type !== "synced") return;
      const result = event.data.result || {};
      if (result.contacted) reachable = !result.error;
      lastResult = result;
      settled(result);
    });
  }
  document.querySelector('form[action="/sign-out"]')?.addEventListener("submit", () => {
    navigator.serviceWorker?.controller?.postMessage({ type: "forget-pages" });
  });
  // Pages saved offline carry old form ids: give each form a fresh one.
  if (document.body.dataset.mbpSavedAt) document.querySelectorAll("form[data-mutation]").forEach(rotateMutationId);
  watchForms();
  showFlash();
  await checkStorageWiped();
  await refresh();
  if (signedIn) {
    keepStorage();
    iosPrompt();
  }
  window.addEventListener("online", () => {
    sync();
    checkForRelease();
  });
  window.addEventListener("offline", () => {
    reachable = false;
    refresh();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") sync();
  });
  if (signedIn) {
    // The first page after signing in is often shown before the worker controls it:
    // save the offline set as soon as it does, not at the next page.
    navigator.serviceWorker?.addEventListener("controllerchange", () => refreshOfflineSet());
    await sync();
    await refreshOfflineSet();
  }
}

start();

export { ago, esc, plural, refresh, rotateMutationId, sync };
