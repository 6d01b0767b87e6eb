// After a sync, say in the page what happened (not only to screen readers): "2 changes
// sent", or what was refused or clashed. A "will be sent when you are back online"
// message now says it was sent, and the lists on the page are read again from the
// server, so a record never seems to vanish between its waiting card and its row.
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function sentences(result) {
  const parts = [];
  if (result.applied) parts.push(`${plural(result.applied, "change")} sent.`);
  if (result.conflicts) parts.push(`${plural(result.conflicts, "change")} clashed with someone else's: check ${result.conflicts === 1 ? "it" : "them"}.`);
  if (result.rejected) parts.push(`${plural(result.rejected, "change")} could not be saved.`);
  return parts.join(" ");
}

export function showOutcome(result) {
  const text = sentences(result);
  if (!text) return;
  const problem = result.rejected || result.conflicts;
  const template = document.getElementById(problem ? "app-sync-problem-template" : "app-sync-sent-template");
  const main = document.getElementById("maincontent");
  if (!template || !main) return;
  // The last outcome, and any "Saved on this device ... will be sent" message, give way.
  document.querySelectorAll(".app-sync-notice").forEach((old) => old.remove());
  if (result.applied) document.querySelectorAll(".app-offline-flash").forEach((old) => old.remove());
  const notice = template.content.firstElementChild.cloneNode(true);
  notice.querySelector("[data-slot=text]").textContent = text;
  main.prepend(notice);
}


/** Read the page again and put its fresh lists (the elements with waiting cards) in place. */
export async function refreshLists() {
  const lists = [...document.querySelectorAll("[data-pending-for][id]")];
  if (!lists.length) return;
  let fresh;
  try {
    const response = await fetch(location.pathname + location.search, {
      credentials: "same-origin",
      headers: { Accept: "text/html", "X-MBP-Background": "1" },
      signal: AbortSignal.timeout(10000),
    });
    if (!response.ok) return;
    fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch (error) {
    console.warn("lists not refreshed after sync", error);
    return;
  }
  for (const list of lists) {
    const replacement = fresh.getElementById(list.id);
    if (replacement) list.replaceChildren(...replacement.childNodes);
  }
  globalThis.htmx?.process(document.body);
}
