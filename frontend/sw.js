// MBP Journey service worker (served at /sw.js, root scope, as a module).
//
// - The app shell (CSS, JS, icons, the offline page) is precached per version.
// - Pages are network-first with a short timeout (a request that hangs, "lie-fi",
//   is aborted), then the cached copy (marked with the time it was saved), then the
//   offline page.
// - A page that answered with a redirect (`/`, the start_url, leads to the person's
//   landing page) is remembered as "goes to": offline it redirects to the saved copy
//   of wherever it led online, so the installed app opens where it would online.
// - htmx fragments and API calls are never cached as pages.
// - After a sync the page asks the worker to refresh the person's offline set,
//   so those pages read offline even if never opened. The refresh stops at the first
//   answer for nobody (signed out, session expired), and the server never sets the
//   CSRF cookie on such a background request (it would break the sign-in form).
// - Background Sync, where the browser has it, flushes the outbox.
import { flush, getMeta, setMeta } from "/static/app/outbox.js";

const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const SHELL_CACHE = `mbp-shell-${VERSION}`;
// Saved pages are kept per person ("mbp-pages-<user id>"): on a shared phone nobody
// is shown another person's pages, and a new person signing in clears the last one's.
const PAGES_PREFIX = "mbp-pages-";
const OFFLINE_URL = "/offline";
const NETWORK_TIMEOUT_MS = 4000;
const BACKGROUND_TIMEOUT_MS = 20000;
const GOES_TO = "X-MBP-Goes-To";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      // Keep this shell and the one before it, so a page still open on the old
      // version can load what it needs; pages and the outbox are never touched.
      const shells = names.filter((n) => n.startsWith("mbp-shell-") && n !== SHELL_CACHE);
      const old = shells.slice(0, -1);
      await Promise.all(old.map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;
  if (request.headers.get("HX-Request")) return; // fragments: network only, never cached
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticAsset(request));
    return;
  }
  if (request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html")) {
    event.respondWith(page(request));
  }
});

async function staticAsset(request) {
  // This release's shell first: an older shell kept for open pages must never answer
  // for a file this release has too (module imports carry no version in their URL).
  const shell = await caches.open(SHELL_CACHE);
  const cached = await shell.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok) await shell.put(request, response.clone());
    return response;
  } catch (error) {
    const older = await caches.match(request);
    if (older) return older;
    throw error;
  }
}

function cacheable(response) {
  return (
    response.ok &&
    response.type === "basic" &&
    (response.headers.get("Content-Type") || "").startsWith("text/html") &&
    !(response.headers.get("Cache-Control") || "").includes("no-store") &&
    !response.headers.get("X-MBP-Flash") // a one-time message is not for reading offline
  );
}

function pageKey(url) {
  const u = new URL(url);
  u.hash = "";
  return u.toString();
}

/** Note whose page this is; when the person changes, forget the last one's pages. */
async function notePerson(response) {
  const user = response.headers.get("X-MBP-User");
  if (user === null) return null;
  if (user !== (await getMeta("sw-user", ""))) {
    await setMeta("sw-user", user);
    for (const name of await caches.keys()) {
      if (name.startsWith(PAGES_PREFIX) && name !== PAGES_PREFIX + user) await caches.delete(name);
    }
  }
  return user;
}

/**
 * Keep a page with its own headers (its content security policy among them). When
 * the request was redirected (`/` to the landing page), also keep where it led.
 */
async function remember(url, response, requested = url) {
  const user = await notePerson(response);
  if (!user) return;
  const cache = await caches.open(PAGES_PREFIX + user);
  if (pageKey(requested) !== pageKey(url) && response.ok) {
    const to = new URL(url);
    const headers = { [GOES_TO]: to.pathname + to.search, "X-MBP-Saved-At": new Date().toISOString() };
    await cache.put(pageKey(requested), new Response("", { headers }));
  }
  if (!cacheable(response)) return;
  const headers = new Headers(response.headers);
  for (const name of ["Content-Length", "Content-Encoding", "Set-Cookie"]) headers.delete(name);
  headers.set("X-MBP-Saved-At", new Date().toISOString());
  const copy = new Response(await response.clone().blob(), { status: 200, headers });
  await cache.put(pageKey(url), copy);
}

async function page(request) {
  try {
    // Aborted, not merely ignored: a hanging request must not hold the connection.
    const response = await fetch(request, { signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
    await remember(response.url || request.url, response, request.url);
    return response;
  } catch (error) {
    const saved = await fromCache(request.url);
    if (saved) return saved;
    const offline = await caches.match(OFFLINE_URL);
    return offline || new Response("You are offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function fromCache(url) {
  const user = await getMeta("sw-user", "");
  if (!user) return null;
  const cache = await caches.open(PAGES_PREFIX + user);
  const saved = await cache.match(pageKey(url));
  const to = saved?.headers.get(GOES_TO);
  if (to) {
    // Online this address led elsewhere: go there, if that page is saved too.
    const target = new URL(to, self.location.origin).toString();
    return (await cache.match(pageKey(target))) ? Response.redirect(target, 302) : null;
  }
  if (!saved) return null;
  const when = saved.headers.get("X-MBP-Saved-At") || "";
  const html = (await saved.text()).replace("<body", `<body data-mbp-saved-at="${when}"`);
  return new Response(html, { status: 200, headers: saved.headers });
}

/** Whether the person's copy of this page was saved in the last minute (just opened). */
async function fresh(url) {
  const user = await getMeta("sw-user", "");
  if (!user) return false;
  const saved = await (await caches.open(PAGES_PREFIX + user)).match(pageKey(url));
  const at = Date.parse(saved?.headers.get("X-MBP-Saved-At") || "");
  return Date.now() - at < 60000;
}

/** An answer for nobody: the sign-in page, or a refusal. */
function noSession(response) {
  return (
    response.status === 401 ||
    response.status === 403 ||
    response.headers.get("X-MBP-User") === "" ||
    new URL(response.url || self.location.href).pathname === "/sign-in"
  );
}

async function refreshOfflineSet(urls) {
  let saved = 0;
  for (const url of urls) {
    if (await fresh(new URL(url, self.location.origin).toString())) {
      saved += 1;
      continue; // on a slow connection every request counts
    }
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html", "X-MBP-Background": "1" }, // leaves success messages alone
        signal: AbortSignal.timeout(BACKGROUND_TIMEOUT_MS),
      });
      // Signed out, or the session expired: stop at the first answer that says so (each
      // further request would only ask the server for the sign-in page again).
      if (noSession(response)) break;
      const requested = new URL(url, self.location.origin).toString();
      await remember(response.url || requested, response, requested);
      if (cacheable(response)) saved += 1;
    } catch (error) {
      break; // offline again: try next time
    }
  }
  return saved;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "refresh-offline-set" && Array.isArray(data.urls)) {
    event.waitUntil(
      refreshOfflineSet(data.urls).then((saved) => event.source?.postMessage({ type: "offline-set-saved", saved })),
    );
  } else if (data.type === "forget-pages") {
    event.waitUntil(
      (async () => {
        await setMeta("sw-user", "");
        for (const name of await caches.keys()) if (name.startsWith(PAGES_PREFIX)) await caches.delete(name);
      })(),
    );
  } else if (data.type === "version") {
    event.source?.postMessage({ type: "version", version: VERSION });
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "mbp-outbox") {
    event.waitUntil(
      flush().then(async (result) => {
        for (const client of await self.clients.matchAll()) client.postMessage({ type: "synced", result });
      }),
    );
  }
});
