// The "not saved on this device" page (/offline, shown by the service worker under the
// address that was asked for): links to the pages that are saved for this person, by
// name, never to this page itself; its header and footer links lead to saved pages or
// say they need a signal (never back here); and "You are back online" when the signal
// returns.
import * as outbox from "/static/app/outbox.js";

const PAGES_PREFIX = "mbp-pages-";
const GOES_TO = "X-MBP-Goes-To";
const TEAM_IN_PATH = /^\/teams\/([a-z0-9]{12})(?:\/|$)/;

/** The team this person last used: where `/` led online, else the last team page opened. */
async function lastTeam(cache, user) {
  const start = await cache.match(new URL("/", location.origin).toString());
  const to = start?.headers.get(GOES_TO) || "";
  return (TEAM_IN_PATH.exec(to) || [])[1] || (await outbox.getMeta(`last-team:${user}`, null));
}

/** Whether `path` opens offline: a saved page, or an address that led to one online. */
async function opensOffline(cache, path) {
  const url = new URL(path, location.origin);
  url.hash = "";
  if (cache) {
    const saved = await cache.match(url.toString());
    const to = saved?.headers.get(GOES_TO);
    if (to) return Boolean(await cache.match(new URL(to, location.origin).toString()));
    if (saved) return true;
  }
  return Boolean(await caches.match(url.toString())); // the app shell
}

/**
 * The header's and footer's links on this page: each leads to a saved page, or says it
 * needs a signal. The service name leads to the person's first saved page, never back here.
 */
async function markLinks(cache, firstSaved) {
  const note = document.getElementById("app-needs-signal-template");
  for (const link of document.querySelectorAll("header a[href], footer a[href]")) {
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || (url.hash && url.pathname === location.pathname)) continue;
    const here = url.pathname === location.pathname;
    if (!here && (await opensOffline(cache, url.pathname + url.search))) continue;
    if (link.closest("header")) {
      if (firstSaved) link.href = firstSaved;
      else link.removeAttribute("href"); // nothing saved: no link, rather than a loop
    } else if (note && !link.querySelector(".app-needs-signal")) {
      link.append(note.content.firstElementChild.cloneNode(true));
    }
  }
}

async function listSaved(root) {
  const user = await outbox.getMeta("sw-user", "");
  if (!("caches" in window)) return;
  if (!user) {
    await markLinks(null, "");
    return;
  }
  const cache = await caches.open(PAGES_PREFIX + user);
  const team = await lastTeam(cache, user);
  let firstSaved = "";
  let shown = 0;
  for (const item of root.querySelectorAll("[data-saved-path]")) {
    const template = item.dataset.savedPath;
    if (template.includes("{team}") && !team) continue;
    const path = template.replace("{team}", team);
    if (path === location.pathname) continue; // never a link to this page
    const saved = await cache.match(new URL(path, location.origin).toString());
    if (!saved || saved.headers.get(GOES_TO)) continue;
    item.querySelector("a").href = path;
    item.hidden = false;
    firstSaved ||= path;
    shown += 1;
  }
  await markLinks(cache, firstSaved);
  root.querySelector("[data-offline-saved]").hidden = shown === 0;
  root.querySelector("[data-offline-none]").hidden = shown > 0;
}

/** Whether the server answers now (connected is not the same as reachable). */
async function serverAnswers() {
  try {
    const response = await fetch("/healthz", { cache: "no-store", signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function showConnection(root) {
  const online = navigator.onLine && (await serverAnswers());
  for (const part of document.querySelectorAll("[data-offline-when]")) {
    part.hidden = part.dataset.offlineWhen !== (online ? "online" : "offline");
  }
  const heading = root.querySelector("h1");
  heading.dataset.offlineText ||= heading.textContent;
  heading.textContent = online ? heading.dataset.onlineText : heading.dataset.offlineText;
  const retry = root.querySelector("[data-offline-retry]");
  retry.href = location.pathname + location.search;
  document.title = `${online ? "You are back online" : "You are offline"} - MBP Journey`;
}

async function start() {
  const root = document.querySelector("[data-offline-page]");
  if (!root) {
    // Any other page of a team: remember the team for the offline page.
    const { team, user } = document.body.dataset;
    if (team && user && !document.body.dataset.mbpSavedAt) {
      await outbox.setMeta(`last-team:${user}`, team).catch((error) => console.warn("last team not kept", error));
    }
    return;
  }
  await listSaved(root).catch((error) => console.warn("could not list saved pages", error));
  window.addEventListener("online", () => showConnection(root));
  window.addEventListener("offline", () => showConnection(root));
  if (navigator.onLine) await showConnection(root);
}

start();
