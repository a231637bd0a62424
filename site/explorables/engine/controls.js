// The control bar of an explorable: native buttons, range inputs and selects with visible
// labels (their accessible names), so everything is keyboard operable without custom keys.

let counter = 0;

function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** Format a value for a parameter's readout. */
export function formatValue(p, value) {
  if (p.format) return p.format(value);
  if (p.options) return (p.options.find((o) => o.value === value) || { label: String(value) }).label;
  const decimals = String(p.step ?? 1).includes(".") ? String(p.step).split(".")[1].length : 0;
  return Number(value).toFixed(decimals);
}

/** A button whose text is its name; an icon, if any, is hidden from assistive technology. */
export function button(text, icon, onClick, extra = {}) {
  const node = el("button", { type: "button", class: "socmodels-explorable__button", ...extra });
  const glyph = el("span", { "aria-hidden": "true", class: "socmodels-explorable__icon", text: icon });
  const label = el("span", { text });
  node.append(glyph, label);
  node.addEventListener("click", onClick);
  node.setText = (value, newIcon) => {
    label.textContent = value;
    if (newIcon) glyph.textContent = newIcon;
  };
  return node;
}

/**
 * A labelled control for parameter `p`: a range input with a live readout, or a select.
 * `onInput(value, final)` is called while it moves (final = false) and when it is released
 * (final = true); live parameters act on the first, others restart on the second.
 */
export function parameterControl(p, value, onInput) {
  const id = uid("socmodels-param");
  const wrapper = el("div", { class: "socmodels-explorable__param" });
  const label = el("label", { for: id, text: p.label });
  if (p.options) {
    const select = el("select", { id });
    for (const option of p.options) {
      const node = el("option", { value: String(option.value), text: option.label });
      if (option.value === value) node.selected = true;
      select.append(node);
    }
    const decode = () => p.options[select.selectedIndex].value;
    select.addEventListener("change", () => onInput(decode(), true));
    wrapper.append(label, select);
    wrapper.input = select;
    wrapper.setValue = (v) => {
      select.selectedIndex = p.options.findIndex((o) => o.value === v);
    };
    return wrapper;
  }
  const input = el("input", { id, type: "range", min: p.min, max: p.max, step: p.step ?? "any", value });
  const output = el("output", { for: id, "aria-hidden": "true", text: formatValue(p, value) });
  const sync = () => {
    const v = Number(input.value);
    output.textContent = formatValue(p, v);
    input.setAttribute("aria-valuetext", formatValue(p, v));
    return v;
  };
  sync();
  input.addEventListener("input", () => onInput(sync(), false));
  input.addEventListener("change", () => onInput(sync(), true));
  wrapper.append(label, input, output);
  wrapper.input = input;
  wrapper.setValue = (v) => {
    input.value = v;
    sync();
  };
  return wrapper;
}

/** The speed control: a range over the explorable's list of steps per frame. */
export function speedControl(speed, onChange) {
  const id = uid("socmodels-speed");
  const values = speed.values;
  const describe = (v) => `${v} ${v === 1 ? "step" : "steps"} per frame`;
  const wrapper = el("div", { class: "socmodels-explorable__param socmodels-explorable__speed" });
  const label = el("label", { for: id, text: speed.label || "Steps per frame" });
  const start = Math.max(0, values.indexOf(speed.value));
  const input = el("input", { id, type: "range", min: 0, max: values.length - 1, step: 1, value: start });
  const output = el("output", { for: id, "aria-hidden": "true" });
  const sync = () => {
    const v = values[Number(input.value)];
    output.textContent = String(v);
    input.setAttribute("aria-valuetext", describe(v));
    return v;
  };
  sync();
  input.addEventListener("input", () => onChange(sync()));
  wrapper.append(label, input, output);
  wrapper.input = input;
  return wrapper;
}

/** The seed field and its "New seed" button. */
export function seedControl(seed, onSeed, freshSeed) {
  const id = uid("socmodels-seed");
  const wrapper = el("div", { class: "socmodels-explorable__seed" });
  const label = el("label", { for: id, text: "Seed" });
  const input = el("input", { id, type: "number", min: 0, max: 4294967295, step: 1, inputmode: "numeric", value: seed });
  input.addEventListener("change", () => {
    const value = Number(input.value);
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) onSeed(value);
  });
  const fresh = button("New seed", "⟳", () => {
    const value = freshSeed();
    input.value = value;
    onSeed(value);
  });
  wrapper.append(label, input, fresh);
  wrapper.input = input;
  wrapper.fresh = fresh;
  return wrapper;
}
