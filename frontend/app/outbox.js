// The outbox: changes made on this device, kept in IndexedDB until the server
// has settled them. Shared by the pages and the service worker.
//
// Each queued change is a mutation {id, name, args, base_version, client_id,
// seq, at} for one team. seq counts 1, 2, 3... per team on this device, so the
// server applies a device's changes exactly once and in order.
import { openDB } from "/static/vendor/idb/idb.js";

export const APP_VERSION = "1";
const DB_NAME = "mbp-journey";
const BATCH = 50;
const SEND_TIMEOUT_MS = 30000;
const FORM_ONLY = new Set(["_csrf_token", "mutation_id", "base_version"]);

let dbPromise = null;

export function db() {
  dbPromise ||= openDB(DB_NAME, 1, {
    // Upgrades are additive: a new app version never drops queued changes.
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const outbox = database.createObjectStore("outbox", { keyPath: "id" });
        outbox.createIndex("by_team_seq", ["team", "seq"]);
        database.createObjectStore("meta", { keyPath: "key" });
      }
    },
    // Another page or a newer worker wants to upgrade (or the browser to delete) the
    // database: let go of it at once, and open it afresh next time.
    blocking(_current, _next, event) {
      event.target.close();
      dbPromise = null;
    },
    terminated() {
      dbPromise = null;
    },
  }).catch((error) => {
    dbPromise = null; // refused now (quota, private browsing): ask again next time
    throw error;
  });
  return dbPromise;
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export { uuid };

export async function getMeta(key, fallback = null) {
  const row = await (await db()).get("meta", key);
  return row ? row.value : fallback;
}

export async function setMeta(key, value) {
  await (await db()).put("meta", { key, value });
}

/** This install's id: made once, kept in IndexedDB. */
export async function clientId() {
  const database = await db();
  const tx = database.transaction("meta", "readwrite");
  let row = await tx.store.get("client_id");
  if (!row) {
    row = { key: "client_id", value: `device-${uuid()}` };
    await tx.store.put(row);
  }
  await tx.done;
  return row.value;
}

/** The fields of a form as mutation arguments (repeated fields become lists). */
export function argsOf(formData) {
  const args = {};
  for (const [key, value] of formData.entries()) {
    if (FORM_ONLY.has(key)) continue;
    if (value instanceof Blob) {
      // A chosen file (a certificate) waits on the device as itself, with its name; it is
      // sent as base64 text with its change (sendable). An empty file input sends nothing.
      if (value.size > 0) {
        args[key] = value;
        if (value.name && !formData.get(`${key}_name`)) args[`${key}_name`] = value.name;
      }
      continue;
    }
    if (typeof value !== "string") continue;
    if (key in args) args[key] = [].concat(args[key], value);
    else args[key] = value;
  }
  return args;
}

/**
 * Queue one change; the sequence number is taken in the same transaction. The
 * server keeps each device's sequence per person, so the counter is per team and
 * person too (two people may share a phone).
 */
export async function enqueue({ id, team, user = "", name, args, baseVersion = null, label = "", summary = "", page = "", returnTo = "" }) {
  const device = await clientId();
  const database = await db();
  const tx = database.transaction(["outbox", "meta"], "readwrite");
  const existing = await tx.objectStore("outbox").get(id);
  if (existing) {
    await tx.done;
    return existing; // the same form sent twice: one change
  }
  const key = `seq:${team}:${user}`;
  const counter = (await tx.objectStore("meta").get(key)) || { key, value: 0 };
  counter.value += 1;
  await tx.objectStore("meta").put(counter);
  const item = {
    id, team, user, name, args, base_version: baseVersion, client_id: device, seq: counter.value,
    at: new Date().toISOString(), status: "pending", errors: {}, label, summary, page, returnTo,
    created: Date.now(),
  };
  await tx.objectStore("outbox").put(item);
  await tx.done;
  return item;
}

export async function items() {
  const all = await (await db()).getAll("outbox");
  return all.sort((a, b) => (a.team === b.team ? a.seq - b.seq : a.created - b.created));
}

/** What waits on this device: the person's own changes by status, and anyone else's. */
export async function counts(user = null) {
  const all = await items();
  const mine = user === null ? all : all.filter((i) => i.user === user);
  const count = (status) => mine.filter((i) => i.status === status).length;
  return {
    pending: count("pending"), rejected: count("rejected"), updateNeeded: count("update_needed"),
    total: mine.length, others: all.length - mine.length,
  };
}

export async function remove(id) {
  await (await db()).delete("outbox", id);
}

/**
 * Take back a change. A settled one (rejected) is simply forgotten. One still
 * waiting has a place in this device's sequence, so it is replaced by a
 * "sync.skip" that keeps the place and changes nothing.
 */
export async function discard(id) {
  const database = await db();
  const item = await database.get("outbox", id);
  if (!item) return;
  if (item.status === "rejected") {
    await database.delete("outbox", id);
    return;
  }
  await database.put("outbox", { ...item, name: "sync.skip", args: {}, label: "Cancelled change", summary: item.label, status: "pending" });
}

async function session(fetchImpl) {
  const response = await fetchImpl("/api/session", {
    credentials: "same-origin", headers: { Accept: "application/json" }, signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  if (response.status === 401) return { unauthorized: true };
  if (!response.ok) throw new Error(`session ${response.status}`);
  return response.json();
}

async function settle(item, outcome) {
  const database = await db();
  if (["applied", "duplicate", "conflict"].includes(outcome.status)) {
    await database.delete("outbox", item.id);
    return outcome.status === "conflict" ? "conflict" : "done";
  }
  if (outcome.status === "rejected") {
    await database.put("outbox", { ...item, status: "rejected", errors: outcome.errors || {} });
    return "rejected";
  }
  if (outcome.status === "update_needed") {
    await database.put("outbox", { ...item, status: "update_needed", errors: outcome.errors || {} });
    return "stop";
  }
  return "stop"; // held: an earlier change from this device has not arrived yet
}

const MAX_BATCH_BYTES = 1_000_000; // the server reads at most 2 MB a request
const UNREADABLE = new Set([400, 413, 422]);
const encoder = new TextEncoder();

function wire({ id, name, args, base_version, client_id, seq, at }) {
  return { id, name, args, base_version, client_id, seq, at };
}

/** A file's bytes as base64 text (no FileReader: the service worker sends too). */
async function base64Of(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const parts = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
  }
  return btoa(parts.join(""));
}

/** The change as sent: any file in its arguments as base64 text. */
async function sendable(item) {
  const files = Object.entries(item.args || {}).filter(([, v]) => v instanceof Blob);
  if (!files.length) return wire(item);
  const args = { ...item.args };
  for (const [key, blob] of files) args[key] = await base64Of(blob);
  return wire({ ...item, args });
}

/** About how many bytes the change takes as sent (a file grows by a third as base64). */
function sizeOf(item) {
  const files = Object.values(item.args || {}).filter((v) => v instanceof Blob);
  const text = encoder.encode(JSON.stringify(wire(item))).length;
  return text + files.reduce((total, blob) => total + Math.ceil(blob.size / 3) * 4, 0);
}

/** Consecutive runs of at most BATCH changes and MAX_BATCH_BYTES, in order. */
function batches(queue) {
  const out = [];
  let current = [];
  let bytes = 0;
  for (const item of queue) {
    const size = sizeOf(item); // a file is more than a batch: it goes alone
    if (current.length && (current.length === BATCH || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * A change the server cannot read at all (its answer is 400, 413 or 422 on its own)
 * is set aside for the person to fix, and a "sync.skip" takes its place in the
 * device's sequence, so the changes after it are not held for ever.
 */
async function setAside(item, message) {
  const database = await db();
  await database.put("outbox", { ...item, status: "rejected", errors: { "": message } });
  await database.put("outbox", {
    ...item, id: uuid(), name: "sync.skip", args: {}, base_version: null, status: "pending",
    errors: {}, label: "Place kept for a change that was not saved", summary: item.label,
  });
}

async function post(team, batch, token, fetchImpl) {
  return fetchImpl(`/api/teams/${team}/sync/push`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": token },
    body: JSON.stringify({ client_version: APP_VERSION, mutations: await Promise.all(batch.map(sendable)) }),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS), // a hanging connection must not hold the outbox
  });
}

async function pushTeam(team, queue, token, fetchImpl, result) {
  for (const batch of batches(queue)) {
    const response = await post(team, batch, token, fetchImpl);
    if (response.status === 401) {
      result.unauthorized = true;
      return false;
    }
    if (response.status === 404) {
      for (const item of batch) {
        await settle(item, { status: "rejected", errors: { "": "You are no longer a member of this team, so this change could not be saved" } });
      }
      result.rejected += batch.length;
      continue;
    }
    if (UNREADABLE.has(response.status)) {
      if (batch.length > 1) {
        // Find the change at fault: send this batch's changes one at a time.
        for (const item of batch) {
          if (!(await pushTeam(team, [item], token, fetchImpl, result)) || result.held) return !result.error;
        }
        continue;
      }
      await setAside(batch[0], "The server could not read this change, so it was not saved. Check it and send it again.");
      result.rejected += 1;
      result.held += 1; // what follows waits for the skip, sent on the next flush
      return true;
    }
    if (!response.ok) {
      result.error = `The server answered ${response.status}`;
      return false; // transient: keep everything, try again later
    }
    const answer = await response.json();
    const byId = new Map(answer.results.map((r) => [r.id, r]));
    for (const item of batch) {
      const outcome = byId.get(item.id);
      if (!outcome) return false;
      const verdict = await settle(item, outcome);
      if (verdict === "done") result.applied += 1;
      else if (verdict === "conflict") result.conflicts += 1;
      else if (verdict === "rejected") result.rejected += 1;
      else {
        result.held += 1;
        return true;
      }
    }
  }
  return true;
}

async function flushNow(fetchImpl) {
  const result = { applied: 0, rejected: 0, conflicts: 0, held: 0, unauthorized: false, error: null, contacted: false };
  // "update_needed" ones are offered again: the server may know them now. Order is kept.
  const waiting = (await items()).filter((i) => i.status === "pending" || i.status === "update_needed");
  if (!waiting.length) return result;
  let who;
  try {
    who = await session(fetchImpl);
  } catch (error) {
    result.error = String(error.message || error);
    return result;
  }
  result.contacted = true;
  if (who.unauthorized) {
    result.unauthorized = true;
    return result;
  }
  // Only the signed-in person's own changes: on a shared phone, another person's
  // wait for them to sign in again, never sent in someone else's name.
  const queue = waiting.filter((i) => i.user === who.user_id);
  const teams = [...new Set(queue.map((i) => i.team))];
  try {
    for (const team of teams) {
      const ok = await pushTeam(team, queue.filter((i) => i.team === team), who.csrf_token, fetchImpl, result);
      if (!ok && (result.unauthorized || result.error)) break;
    }
  } catch (error) {
    result.error = String(error.message || error); // the network went away mid-flush
  }
  return result;
}

/** Send everything waiting, in order, in bounded batches. One flush at a time per browser. */
export async function flush(fetchImpl = fetch.bind(globalThis)) {
  if (globalThis.navigator?.locks?.request) {
    return navigator.locks.request("mbp-outbox", () => flushNow(fetchImpl));
  }
  return flushNow(fetchImpl);
}
