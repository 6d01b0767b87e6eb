// Markup the scripts show comes from server-rendered <template> elements, so its
// wording and NHS classes live in Jinja like the rest; scripts only clone and fill it
// with text (textContent, never HTML built from data).
//
// fromTemplate("app-x", { status: "pending", count: "2 changes", link: { href, text },
// reasons: ["a", "b"], fields: [["dt", "dd"]], optional: null })
// - status keeps only the [data-status] parts that name it (space-separated);
// - a string fills [data-slot=name]; { href, text } sets a link; true keeps it as it is;
// - null, undefined, false or an empty list removes the slot;
// - a list repeats the slot's first child (or an <li>, when it has none) once per item
//   (an item that is a list fills that child's children in order).

export function fromTemplate(id, { status, ...slots } = {}) {
  const template = document.getElementById(id);
  if (!(template instanceof HTMLTemplateElement)) return null;
  const el = template.content.firstElementChild.cloneNode(true);
  if (status !== undefined) {
    for (const part of el.querySelectorAll("[data-status]")) {
      if (!part.dataset.status.split(" ").includes(status)) part.remove();
    }
  }
  for (const [name, value] of Object.entries(slots)) {
    for (const slot of el.querySelectorAll(`[data-slot="${name}"]`)) fill(slot, value);
  }
  return el;
}

function fill(slot, value) {
  if (value == null || value === false || (Array.isArray(value) && !value.length)) {
    slot.remove();
  } else if (Array.isArray(value)) {
    // An empty list gets list items (no empty <li> waits in the page's markup).
    const prototype = slot.firstElementChild || document.createElement("li");
    slot.replaceChildren(
      ...value.map((v) => {
        const item = prototype.cloneNode(true);
        if (Array.isArray(v)) [...item.children].forEach((child, i) => (child.textContent = v[i] ?? ""));
        else item.textContent = String(v);
        return item;
      }),
    );
  } else if (typeof value === "object") {
    if ("href" in value) slot.setAttribute("href", value.href);
    if ("text" in value) slot.textContent = value.text;
  } else if (value !== true) {
    slot.textContent = String(value);
  }
}
