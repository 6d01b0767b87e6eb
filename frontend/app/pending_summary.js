// What a "waiting to sync" card says about a change: the fields its form names in
// data-pending-summary, shown as the lists show them ("4 December 2026 · 50 minutes").
// An entry "field=value:words" shows the words when the field has that value (a yes/no
// answer the list mentions only when it is no: "own_work_discussed=no:own work not discussed").
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A field's value as the lists show it: dates in words, numbers with their unit. */
function shown(form, args, field) {
  const [day, month, year] = ["day", "month", "year"].map((part) => args[`${field}-${part}`]);
  if (day && month && year) return `${Number(day)} ${MONTHS[Number(month) - 1] || month} ${year}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(args[field] || "");
  if (iso) return `${Number(iso[3])} ${MONTHS[Number(iso[2]) - 1]} ${iso[1]}`;
  const value = [].concat(args[field] ?? []).join(", ");
  if (!value) return "";
  const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
  if (input?.type === "radio" || input?.tagName === "SELECT") {
    const chosen = input.tagName === "SELECT" ? input.selectedOptions[0] : form.querySelector(`[name="${CSS.escape(field)}"]:checked`);
    const label = chosen && (chosen.labels?.[0]?.textContent || chosen.textContent);
    if (label) return label.trim();
  }
  const suffix = input?.closest(".nhsuk-input-wrapper")?.querySelector(".nhsuk-input-wrapper__suffix")?.textContent.trim();
  return suffix ? `${value} ${suffix}` : value;
}

function entry(form, args, spec) {
  const when = /^([\w-]+)=([^:]*):(.+)$/.exec(spec);
  if (!when) return shown(form, args, spec);
  return [].concat(args[when[1]] ?? []).includes(when[2]) ? when[3] : "";
}

export function describe(form, args) {
  const fields = (form.dataset.pendingSummary || "").split(",").map((f) => f.trim()).filter(Boolean);
  return fields.map((f) => entry(form, args, f)).filter(Boolean).join(" · ");
}
