// MBP Journey service worker (served at /sw.js, root scope, as a module).
//
// - The app shell (CSS, JS, icons, the offline page) is precached per version.
// - Pages are network-first with a short timeout, then the cached copy (marked
//   with the time it was saved), then the offline page.
// - htmx fragments and API calls are never cached as pages.
// - After a sync the page asks the worker to refresh the person's offline set,
//   so those pages read offline even if never opened.
// - Background Sync, where the browser has it, flushes the outbox.
import { flush } from "/static/app/outbox.js";

const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const SHELL_CACHE = `mbp-shell-${VERSION}`;
const PAGES_CACHE = "mbp-pages";
const OFFLINE_URL = "/offline";
const NETWORK_TIMEOUT_MS = 3000;

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
      const keep = new Set([SHELL_CACHE, PAGES_CACHE, ...shells.slice(-1)]);
      await Promise.all(names.filter((n) => !keep.has(n)).map((n) => caches.delete(n)));
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
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function cacheable(response) {
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("Content-Type") || "").startsWith("text/html") &&
    !(response.headers.get("Cache-Control") || "").includes("no-store")
  );
}

async function remember(request, response) {
  const copy = new Response(await response.clone().blob(), {
    status: response.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "X-MBP-Saved-At": new Date().toISOString() },
  });
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(pageKey(request.url), copy);
}

function pageKey(url) {
  const u = new URL(url);
  u.hash = "";
  return u.toString();
}

async function page(request) {
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (cacheable(response)) await remember(request, response);
    if (response.redirected && response.ok && cacheable(response)) {
      await remember(new Request(response.url), response);
    }
    return response;
  } catch (error) {
    const saved = await fromCache(request.url);
    if (saved) return saved;
    const offline = await caches.match(OFFLINE_URL);
    return offline || new Response("You are offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function fromCache(url) {
  const cache = await caches.open(PAGES_CACHE);
  const saved = await cache.match(pageKey(url));
  if (!saved) return null;
  const when = saved.headers.get("X-MBP-Saved-At") || "";
  const html = (await saved.text()).replace("<body", `<body data-mbp-saved-at="${when}"`);
  return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function refreshOfflineSet(urls) {
  const cache = await caches.open(PAGES_CACHE);
  let saved = 0;
  for (const url of urls) {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (cacheable(response)) {
        const copy = new Response(await response.blob(), {
          status: 200,
          headers: { "Content-Type": "text/html; charset=utf-8", "X-MBP-Saved-At": new Date().toISOString() },
        });
        await cache.put(pageKey(new URL(url, self.location.origin).toString()), copy);
        saved += 1;
      }
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
    event.waitUntil(caches.delete(PAGES_CACHE));
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
