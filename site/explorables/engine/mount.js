// Entry point, loaded (as a module) only by the pages that hold an explorable: finds every
// placeholder and mounts the model it names.
//
//   <div class="socmodels-explorable" data-model="consensus/deffuant"
//        data-params='{"epsilon": 0.25}' data-seed="2024" data-precomputed="next">
//     <p>fallback text for readers without JavaScript</p>
//   </div>
//
// data-model is "<module>/<explorable>": the module site/explorables/<module>.js and the key
// of its `explorables` export. data-params overrides parameter defaults, data-seed the seed.
// data-precomputed="next" folds the next notebook cell that shows a precomputed (Python)
// explorer into a collapsed <details>: readers see the live version first and can still
// compare it with the frames the Python package computed at build time.

import { mountExplorable } from "./explorable.js";

const WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

/** The first notebook cell after `node` (in document order) that holds a widget view. */
function nextWidgetCell(node) {
  for (const cell of document.querySelectorAll("div.cell")) {
    if (node.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING && cell.querySelector(WIDGET_VIEW)) {
      return cell;
    }
  }
  return null;
}

function foldPrecomputed(placeholder) {
  const cell = nextWidgetCell(placeholder);
  if (!cell || cell.closest("details.socmodels-precomputed")) return;
  const details = document.createElement("details");
  details.className = "socmodels-precomputed";
  const summary = document.createElement("summary");
  summary.textContent = "The same explorer precomputed by the Python package (frames made when the book was built)";
  details.append(summary);
  cell.before(details);
  details.append(cell);
}

async function mountOne(placeholder) {
  const [family, name] = (placeholder.dataset.model || "").split("/");
  try {
    if (!family || !name) throw new Error(`data-model must be "<module>/<explorable>", got ${JSON.stringify(placeholder.dataset.model)}`);
    const module = await import(new URL(`../${family}.js`, import.meta.url).href);
    const loadedAt = performance.now();
    const spec = module.explorables && module.explorables[name];
    if (!spec) throw new Error(`${family}.js has no explorable ${JSON.stringify(name)}`);
    const params = placeholder.dataset.params ? JSON.parse(placeholder.dataset.params) : {};
    const seed = placeholder.dataset.seed ? Number(placeholder.dataset.seed) : 1;
    const instance = mountExplorable(placeholder, spec, { seed, params, loadedAt });
    placeholder.setAttribute("role", "region");
    placeholder.setAttribute("aria-label", `Live explorable: ${spec.title}`);
    if (placeholder.dataset.precomputed === "next") foldPrecomputed(placeholder);
    placeholder.dataset.state = "mounted";
    placeholder.dataset.firstFrameMs = instance.firstFrameMs.toFixed(1);
    return instance;
  } catch (error) {
    placeholder.dataset.state = "failed";
    console.error(`explorable ${placeholder.dataset.model}: ${error && error.stack ? error.stack : error}`);
    return null;
  }
}

/** Every mounted explorable of the page (for the browser tests and the benchmark). */
export const ready = Promise.all(
  [...document.querySelectorAll(".socmodels-explorable[data-model]")].map(mountOne),
).then((instances) => instances.filter(Boolean));

window.socmodelsExplorables = ready;
