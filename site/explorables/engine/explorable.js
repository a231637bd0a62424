// Mount one explorable specification into a page element: the controls, the panels, the run
// loop (play / pause / step / reset, speed, seed) and the live text summary.

import { Runner } from "./runner.js";
import { freshSeed } from "./prng.js";
import { createPanel } from "./panels.js";
import { button, parameterControl, speedControl, seedControl } from "./controls.js";

/** Longest a frame may spend stepping the model (ms), leaving time to draw at 60 fps. */
const STEP_BUDGET_MS = 10;
/** With prefers-reduced-motion, the picture changes at most this often (ms). */
const REDUCED_MOTION_INTERVAL_MS = 500;
/** While running, the spoken summary is refreshed at most this often (ms). */
const SUMMARY_INTERVAL_MS = 2000;

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const now = () => performance.now();

function reducedMotion() {
  return Boolean(globalThis.matchMedia && globalThis.matchMedia("(prefers-reduced-motion: reduce)").matches);
}

/**
 * Build the explorable inside `root` (emptied first). Returns the instance:
 * `{spec, runner, play(), pause(), stepOnce(), reset(seed), set(name, value), draw(),
 *   playing, frames, finishes, firstFrameMs}` — the same object is `root.socmodelsExplorable`.
 * `finishes` counts the runs that stopped by themselves (the model said it was finished), so
 * that a stop can be told from a pause even after a live change has made the run movable again.
 */
export function mountExplorable(root, spec, { seed = 1, params = {}, loadedAt = now() } = {}) {
  const timing = { start: now() - loadedAt };
  const panels = spec.panels.map((p) => createPanel(p));
  timing.panels = now() - loadedAt;
  const runner = new Runner(spec, {
    seed,
    params,
    onRecord: (r) => {
      for (const panel of panels) panel.record(r);
    },
  });
  // The constructor recorded step 0 before the panels were reset: start them properly.
  const restartPanels = () => {
    for (const panel of panels) panel.reset(runner);
    for (const panel of panels) panel.record(runner);
  };
  restartPanels();
  timing.model = now() - loadedAt;

  const instance = {
    spec,
    runner,
    playing: false,
    frames: 0,
    finishes: 0,
    stepsPerFrame: spec.speed ? spec.speed.value : 1,
    firstFrameMs: null,
  };

  // ---- layout
  root.replaceChildren();
  root.classList.add("socmodels-explorable--live");
  const title = el("p", { class: "socmodels-explorable__title", text: spec.title });
  const transport = el("div", { class: "socmodels-explorable__transport", role: "group", "aria-label": "Run" });
  const paramsBox = el("div", { class: "socmodels-explorable__params", role: "group", "aria-label": "Parameters" });
  const figures = el("div", { class: "socmodels-explorable__panels" });
  const status = el("p", { class: "socmodels-explorable__status", role: "status", "aria-live": "polite" });
  root.append(title, transport, paramsBox, figures, status);
  for (const panel of panels) figures.append(panel.figure);

  // ---- summary for screen readers (and everyone)
  let lastSummary = 0;
  function summarise(force = false) {
    if (!force && now() - lastSummary < SUMMARY_INTERVAL_MS) return;
    lastSummary = now();
    const t = runner.time;
    const tText = Number.isInteger(t) ? String(t) : t.toFixed(1);
    let text = spec.summary ? spec.summary(runner.state, runner.params, t, runner) : `Time ${tText}.`;
    if (runner.finished) text += ` Stopped: ${runner.finished}.`;
    else if (!instance.playing) text += " Paused.";
    status.textContent = text;
  }

  function draw() {
    for (const panel of panels) panel.draw(runner);
    instance.frames += 1;
  }

  // ---- run loop
  let budget = 0;
  let lastFrame = 0;
  let lastPaint = 0;
  let handle = null;
  const calm = reducedMotion();

  function frame(time) {
    handle = null;
    if (!instance.playing) return;
    const elapsed = lastFrame ? Math.min(time - lastFrame, 100) : 1000 / 60;
    lastFrame = time;
    // Steps per frame are per 1/60 s, so the model runs at the same pace on slower screens.
    budget = Math.min(budget + instance.stepsPerFrame * (elapsed / (1000 / 60)), 4 * Math.max(instance.stepsPerFrame, 1));
    const k = Math.floor(budget);
    if (k > 0) {
      const taken = runner.advance(k, now() + STEP_BUDGET_MS, now);
      budget -= k;
      instance.stepsTaken = (instance.stepsTaken || 0) + taken;
    }
    if (!calm || time - lastPaint >= REDUCED_MOTION_INTERVAL_MS) {
      lastPaint = time;
      draw();
    }
    if (runner.finished) {
      instance.finishes += 1;
      pause();
      draw();
      return;
    }
    summarise();
    handle = requestAnimationFrame(frame);
  }

  function play() {
    if (instance.playing || runner.finished) return;
    instance.playing = true;
    lastFrame = 0;
    playButton.setText("Pause", "❚❚");
    playButton.setAttribute("aria-pressed", "true");
    summarise(true);
    handle = requestAnimationFrame(frame);
  }

  function pause() {
    instance.playing = false;
    if (handle !== null) cancelAnimationFrame(handle);
    handle = null;
    playButton.setText("Play", "▶");
    playButton.setAttribute("aria-pressed", "false");
    summarise(true);
  }

  function stepOnce() {
    pause();
    runner.advance(Math.max(1, Math.round(instance.stepsPerFrame)));
    draw();
    summarise(true);
  }

  function reset(newSeed = runner.seed) {
    const wasPlaying = instance.playing;
    pause();
    runner.reset(newSeed);
    seedBox.input.value = runner.seed;
    restartPanels();
    budget = 0;
    draw();
    summarise(true);
    if (wasPlaying) play();
  }

  function set(name, value, final = true) {
    const p = spec.params.find((q) => q.name === name);
    if (!p.live && !final) return;
    const restarted = runner.set(name, value);
    if (restarted) {
      restartPanels();
      budget = 0;
    }
    if (!instance.playing) draw();
    summarise(true);
  }

  // ---- controls
  const playButton = button("Play", "▶", () => (instance.playing ? pause() : play()), { "aria-pressed": "false" });
  const stepButton = button("Step", "▶|", stepOnce);
  const resetButton = button("Reset", "↺", () => reset());
  const seedBox = seedControl(runner.seed, (value) => reset(value), freshSeed);
  transport.append(playButton, stepButton, resetButton);
  const controls = {};
  if (spec.speed) {
    transport.append(
      speedControl(spec.speed, (value) => {
        instance.stepsPerFrame = value;
      }),
    );
  }
  transport.append(seedBox);
  for (const p of spec.params) {
    const control = parameterControl(p, runner.params[p.name], (value, final) => set(p.name, value, final));
    controls[p.name] = control;
    paramsBox.append(control);
  }

  timing.controls = now() - loadedAt;
  draw();
  instance.firstFrameMs = now() - loadedAt;
  timing.drawn = instance.firstFrameMs;
  // Cumulative milliseconds since the module loaded, for the benchmark.
  instance.timing = timing;
  summarise(true);
  Object.assign(instance, { play, pause, stepOnce, reset, set, draw, controls, root });
  root.socmodelsExplorable = instance;
  return instance;
}
