// Offline behaviour of the pages: queue forms when there is no signal, show what
// is waiting, send it when the signal returns, keep the offline set fresh.
import * as outbox from "/static/app/outbox.js";
import { describe } from "/static/app/pending_summary.js";
import { fromTemplate } from "/static/app/markup.js";
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
  const them = (n) => (n === 1 ? "it" : "them");
  const lines = [];
  if (!navigator.onLine || !reachable) {
    lines.push(fromTemplate("app-banner-offline", { saved: Boolean(savedAt), ago: savedAt && ago(savedAt) }));
  } else if (savedAt) {
    const here = location.pathname + location.search;
    lines.push(fromTemplate("app-banner-back-online", { ago: ago(savedAt), reload: { href: here } }));
  }
  if (workerFailed) lines.push(fromTemplate("app-banner-worker-failed"));
  if (c.pending) {
    const again = lastResult?.unauthorized && { href: `/sign-in?next=${encodeURIComponent(location.pathname)}` };
    lines.push(fromTemplate("app-banner-pending", {
      count: plural(c.pending, "change"), "sign-in": Boolean(again), "sign-in-link": again, them: them(c.pending),
    }));
  }
  if (c.updateNeeded) lines.push(fromTemplate("app-banner-update-needed", { count: plural(c.updateNeeded, "change") }));
  if (c.others) lines.push(fromTemplate("app-banner-others", { count: plural(c.others, "change") }));
  if (c.rejected) lines.push(fromTemplate("app-banner-rejected", { count: plural(c.rejected, "change"), them: them(c.rejected) }));
  // Offline there is nothing to sync now with; on the list of what waits, no link to it.
  const syncNow = navigator.onLine && reachable;
  const seeChanges = location.pathname !== "/sync";
  if (c.pending && (syncNow || seeChanges)) {
    lines.push(fromTemplate("app-banner-actions", { "sync-now": syncNow, "see-changes": seeChanges }));
  }
  el.replaceChildren(...lines.filter(Boolean));
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
    const tag = container.tagName === "UL" || container.tagName === "OL" ? "li" : "div";
    container.prepend(...shown.map((item) => card(item, tag)).filter(Boolean).reverse());
  }
}

function card(item, tag) {
  const errors = Object.values(item.errors || {});
  const made = fromTemplate("app-pending-card-template", {
    status: item.status, label: item.label || "Change", summary: item.summary || null,
    errors: errors.length > 0, reasons: errors,
  });
  if (!made) return null;
  // The template is a list item; beside a record that is not in a list it is a div.
  const el = made.tagName.toLowerCase() === tag ? made : document.createElement(tag);
  if (el !== made) {
    el.className = made.className;
    el.append(...made.childNodes);
  }
  el.dataset.outboxId = item.id;
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
  sessionStorage.setItem("mbp-flash", "1");
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
  const summary = fromTemplate("app-not-saved-template");
  if (!summary) return;
  document.querySelectorAll(".app-not-saved-on-device").forEach((old) => old.remove());
  form.before(summary);
  summary.focus();
}

function rotateMutationId(form) {
  const field = form.querySelector('input[name="mutation_id"]');
  if (field) field.value = outbox.uuid();
}

function showFlash() {
  if (!sessionStorage.getItem("mbp-flash")) return;
  sessionStorage.removeItem("mbp-flash");
  const box = fromTemplate("app-offline-flash-template");
  if (box) document.getElementById("maincontent")?.prepend(box);
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
  const response = await fetch(`/api/teams/${team}/offline-set`, {
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-MBP-Background": "1" }, // never sets the CSRF cookie
  }).catch((error) => {
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
    const box = fromTemplate("app-storage-wiped-template", { count: plural(Number(waiting), "change") });
    if (box) document.getElementById("maincontent")?.prepend(box);
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
  const box = fromTemplate("app-ios-prompt-template");
  if (!box) return;
  box.querySelector("button").addEventListener("click", () => {
    localStorage.setItem("mbp-ios-prompt", "dismissed");
    box.remove();
  });
  document.getElementById("maincontent")?.prepend(box);
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

export { ago, plural, refresh, rotateMutationId, sync };
