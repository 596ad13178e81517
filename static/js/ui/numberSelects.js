/**
 * A row of labelled `<select>`s of small whole numbers (input size, kernel, stride ...),
 * as the settings of the operation sections use them.
 * @module ui/numberSelects
 */

/**
 * Append one labelled select per setting to `form`.
 * @param {HTMLElement} form
 * @param {Array<[string, number[]]>} specs `[state key, the values offered]`
 * @param {(key: string, value: number) => void} onChange called with the chosen number
 * @returns {{labels: Record<string, HTMLElement>, selects: Record<string, HTMLSelectElement>}}
 *   the label texts (to fill per language) and the selects (to show the state)
 */
export function addNumberSelects(form, specs, onChange) {
  const labels = {};
  const selects = {};
  for (const [key, options] of specs) {
    const label = document.createElement("label");
    const text = document.createElement("span");
    const select = document.createElement("select");
    select.dataset.setting = key;
    for (const v of options) {
      const option = document.createElement("option");
      option.value = String(v);
      option.textContent = String(v);
      select.append(option);
    }
    select.addEventListener("change", () => onChange(key, Number(select.value)));
    label.append(text, select);
    form.append(label);
    labels[key] = text;
    selects[key] = select;
  }
  return { labels, selects };
}
