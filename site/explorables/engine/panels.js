// Canvas panels of the explorables: lattices, networks, opinion trajectories, time series,
// histograms, bars and Lorenz curves, in the book's figure style (engine/palette.js).
//
// A panel is declared in a model's explorable (`{kind: "series", ...}`, see
// docs/explorables.md) and built here with `createPanel(spec, params)`. The engine calls
// `panel.record(runner)` at every record (every `recordEvery` model steps, so whatever a panel
// accumulates depends on the run, not on the frame rate), `panel.draw(runner)` once per frame,
// and `panel.reset(runner)` on a restart. Each panel is a <figure>: a canvas with role="img"
// and a fixed description, and an HTML legend (text a screen reader and a search can use).

import { PALETTE, STYLE } from "./palette.js";
import { histogram, lorenz, gini } from "./stats.js";
import { relaxOnce, normalise } from "./graphs.js";
import { createRng } from "./prng.js";

const WIDTH = 360;
const HEIGHT = 240;
const MARGIN = { left: 46, right: 12, top: 26, bottom: 34 };

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function rgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** "Nice" tick values covering [lo, hi] (about `count` of them). */
export function ticks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => span / s <= count) || 10 * power;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function tickText(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 10000) return `${Math.round(v / 1000)}k`;
  if (a >= 100) return String(Math.round(v));
  if (a >= 1) return String(Math.round(v * 10) / 10);
  return String(Math.round(v * 100) / 100);
}

/** A canvas sized for the device, with a cached background (title, axes, grid). */
class Surface {
  constructor(figure, label) {
    this.canvas = el("canvas", { role: "img", "aria-label": label, width: WIDTH, height: HEIGHT });
    this.canvas.className = "socmodels-panel__canvas";
    figure.prepend(this.canvas);
    this.dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
    this.canvas.width = WIDTH * this.dpr;
    this.canvas.height = HEIGHT * this.dpr;
    this.ctx = this.canvas.getContext("2d");
    this.background = null;
    this.backgroundKey = null;
  }

  /** Redraw the cached background only when `key` (ranges, title) changes. */
  paintBackground(key, paint) {
    if (key !== this.backgroundKey) {
      const off = document.createElement("canvas");
      off.width = this.canvas.width;
      off.height = this.canvas.height;
      const ctx = off.getContext("2d");
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.fillStyle = STYLE.background;
      ctx.fillRect(0, 0, WIDTH, HEIGHT);
      paint(ctx);
      this.background = off;
      this.backgroundKey = key;
    }
    const { ctx } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.background, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    return ctx;
  }
}

function drawTitle(ctx, title) {
  ctx.fillStyle = STYLE.text;
  ctx.font = `bold ${STYLE.titleSize}px ${STYLE.font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(title, WIDTH / 2, 16, WIDTH - 8);
}

/** Axes with a whitegrid look: grid lines at the ticks, tick labels, axis labels. */
function drawAxes(ctx, { x, y, xlabel = "", ylabel = "", title = "" }) {
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  drawTitle(ctx, title);
  ctx.strokeStyle = STYLE.grid;
  ctx.lineWidth = 1;
  ctx.font = `${STYLE.tickSize}px ${STYLE.font}`;
  ctx.fillStyle = STYLE.text;
  ctx.beginPath();
  for (const v of ticks(x[0], x[1])) {
    const px = left + ((v - x[0]) / (x[1] - x[0])) * (right - left);
    ctx.moveTo(Math.round(px) + 0.5, top);
    ctx.lineTo(Math.round(px) + 0.5, bottom);
  }
  for (const v of ticks(y[0], y[1], 4)) {
    const py = bottom - ((v - y[0]) / (y[1] - y[0])) * (bottom - top);
    ctx.moveTo(left, Math.round(py) + 0.5);
    ctx.lineTo(right, Math.round(py) + 0.5);
  }
  ctx.stroke();
  ctx.strokeRect(left + 0.5, top + 0.5, right - left, bottom - top);
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of ticks(x[0], x[1])) {
    const px = left + ((v - x[0]) / (x[1] - x[0])) * (right - left);
    ctx.fillText(tickText(v), px, bottom + 3);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of ticks(y[0], y[1], 4)) {
    const py = bottom - ((v - y[0]) / (y[1] - y[0])) * (bottom - top);
    ctx.fillText(tickText(v), left - 4, py);
  }
  ctx.font = `${STYLE.labelSize}px ${STYLE.font}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xlabel, (left + right) / 2, HEIGHT - 2, right - left);
  ctx.save();
  ctx.translate(11, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(ylabel, 0, 0, bottom - top);
  ctx.restore();
}

const PLOT = {
  left: MARGIN.left,
  right: WIDTH - MARGIN.right,
  top: MARGIN.top,
  bottom: HEIGHT - MARGIN.bottom,
};

function scaleX(v, x) {
  return PLOT.left + ((v - x[0]) / (x[1] - x[0])) * (PLOT.right - PLOT.left);
}

function scaleY(v, y) {
  return PLOT.bottom - ((v - y[0]) / (y[1] - y[0])) * (PLOT.bottom - PLOT.top);
}

function legend(items) {
  const list = el("ul", { class: "socmodels-panel__legend" });
  for (const item of items) {
    const swatch = el("span", { class: "socmodels-panel__swatch", "aria-hidden": "true" });
    swatch.style.background = item.color;
    if (item.dash) swatch.classList.add("socmodels-panel__swatch--dashed");
    list.append(el("li", {}, [swatch, document.createTextNode(item.label)]));
  }
  return list;
}

/** Time axis that doubles when the run outgrows it. */
function growWindow(current, t) {
  let w = current;
  while (t > w) w *= 2;
  return w;
}

/** Round an upper limit up to a "nice" value, so an automatic axis does not jitter. */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((m) => m >= value);
}

// --------------------------------------------------------------------------- panels

class SeriesPanel {
  constructor(spec, figure, explorable) {
    this.spec = spec;
    this.explorable = explorable;
    this.surface = new Surface(figure, spec.label || spec.title);
    const items = spec.series.map((s) => ({ label: s.label, color: s.color }));
    for (const r of spec.references || []) items.push({ label: r.label, color: r.color, dash: true });
    for (const c of spec.curves || []) items.push({ label: c.label, color: c.color, dash: true });
    figure.append(legend(items));
  }

  reset() {
    this.t = [];
    this.values = this.spec.series.map(() => []);
    this.stride = 1;
    this.seen = 0;
    this.window = this.spec.window || 10;
  }

  record(runner) {
    this.seen += 1;
    if ((this.seen - 1) % this.stride !== 0) return;
    const observed = this.spec.observe(runner.state, runner.params, runner.time);
    this.t.push(runner.time);
    this.spec.series.forEach((s, k) => this.values[k].push(observed[s.key]));
    if (this.t.length > 1200) {
      // Keep every other point and record half as often: bounded memory and drawing time.
      this.t = this.t.filter((_, i) => i % 2 === 0);
      this.values = this.values.map((v) => v.filter((_, i) => i % 2 === 0));
      this.stride *= 2;
    }
  }

  draw(runner) {
    const { spec } = this;
    const tNow = this.t.length ? this.t[this.t.length - 1] : 0;
    this.window = growWindow(this.window, tNow);
    const x = [0, this.window];
    let y = spec.y;
    if (!y || y === "auto") {
      let top = 0;
      for (const v of this.values) for (const value of v) if (value > top) top = value;
      for (const r of spec.references || []) top = Math.max(top, r.value(runner.params));
      // From the recorded values only, so that the same run always gets the same axis.
      y = [0, niceMax(Math.max(top * 1.05, 1e-9))];
    }
    const ctx = this.surface.paintBackground(`${x}|${y}`, (c) =>
      drawAxes(c, { x, y, xlabel: runner.spec.timeLabel || "time", ylabel: spec.ylabel || "", title: spec.title }),
    );
    ctx.save();
    ctx.beginPath();
    ctx.rect(PLOT.left, PLOT.top, PLOT.right - PLOT.left, PLOT.bottom - PLOT.top);
    ctx.clip();
    ctx.lineWidth = STYLE.lineWidth;
    ctx.setLineDash([5, 4]);
    for (const r of spec.references || []) {
      ctx.strokeStyle = r.color;
      const py = scaleY(r.value(runner.params), y);
      ctx.beginPath();
      ctx.moveTo(PLOT.left, py);
      ctx.lineTo(PLOT.right, py);
      ctx.stroke();
    }
    for (const curve of spec.curves || []) {
      ctx.strokeStyle = curve.color;
      ctx.beginPath();
      for (let k = 0; k <= 100; k += 1) {
        const t = (x[1] * k) / 100;
        const py = scaleY(curve.y(t, runner.params, runner.state), y);
        if (k === 0) ctx.moveTo(scaleX(t, x), py);
        else ctx.lineTo(scaleX(t, x), py);
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    spec.series.forEach((s, k) => {
      const values = this.values[k];
      ctx.strokeStyle = s.color;
      ctx.beginPath();
      for (let i = 0; i < values.length; i += 1) {
        const px = scaleX(this.t[i], x);
        const py = scaleY(values[i], y);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.stroke();
    });
    ctx.restore();
  }
}

class TrajectoryPanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    const items = [{ label: "an agent's opinion", color: PALETTE[0] }];
    if (spec.highlight) items.push({ label: spec.highlightLabel || "highlighted agents", color: PALETTE[3] });
    figure.append(legend(items));
    const { dpr } = this.surface;
    this.trace = document.createElement("canvas");
    this.trace.width = Math.round((PLOT.right - PLOT.left) * dpr);
    this.trace.height = Math.round((PLOT.bottom - PLOT.top) * dpr);
    this.scratch = document.createElement("canvas");
    this.scratch.width = this.trace.width;
    this.scratch.height = this.trace.height;
  }

  reset() {
    this.window = this.spec.window || 32;
    this.previous = null;
    this.previousT = 0;
    const ctx = this.trace.getContext("2d");
    ctx.clearRect(0, 0, this.trace.width, this.trace.height);
  }

  record(runner) {
    const values = this.spec.values(runner.state);
    const t = runner.time;
    const { dpr } = this.surface;
    const w = this.trace.width;
    const h = this.trace.height;
    if (t > this.window) {
      // Halve the time scale of what is drawn so far, then continue on the wider axis.
      let factor = 1;
      while (t > this.window) {
        this.window *= 2;
        factor *= 2;
      }
      const sctx = this.scratch.getContext("2d");
      sctx.clearRect(0, 0, w, h);
      sctx.drawImage(this.trace, 0, 0);
      const ctx = this.trace.getContext("2d");
      ctx.clearRect(0, 0, w, h);
      ctx.drawImage(this.scratch, 0, 0, w, h, 0, 0, w / factor, h);
    }
    if (this.previous) {
      const ctx = this.trace.getContext("2d");
      const x0 = (this.previousT / this.window) * w;
      const x1 = (t / this.window) * w;
      const highlight = this.spec.highlight ? this.spec.highlight(runner.state) : null;
      const paint = (colour, alpha, width, pick) => {
        ctx.strokeStyle = colour;
        ctx.globalAlpha = alpha;
        ctx.lineWidth = width * dpr;
        ctx.beginPath();
        for (let i = 0; i < values.length; i += 1) {
          if (!pick(i)) continue;
          ctx.moveTo(x0, h - this.previous[i] * h);
          ctx.lineTo(Math.max(x1, x0 + 0.75 * dpr), h - values[i] * h);
        }
        ctx.stroke();
      };
      paint(PALETTE[0], 0.3, 0.8, highlight ? (i) => !highlight[i] : () => true);
      if (highlight) paint(PALETTE[3], 0.9, 1.4, (i) => highlight[i]);
      ctx.globalAlpha = 1;
    }
    this.previous = Float64Array.from(values);
    this.previousT = t;
  }

  draw(runner) {
    const x = [0, this.window];
    const y = [0, 1];
    const ctx = this.surface.paintBackground(`${x}`, (c) =>
      drawAxes(c, { x, y, xlabel: runner.spec.timeLabel || "time", ylabel: this.spec.ylabel || "", title: this.spec.title }),
    );
    ctx.drawImage(this.trace, PLOT.left, PLOT.top, PLOT.right - PLOT.left, PLOT.bottom - PLOT.top);
  }
}

class HistogramPanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    this.counts = new Float64Array(spec.bins || 40);
    if (spec.legend) figure.append(legend(spec.legend));
  }

  reset() {
    this.top = 0;
  }

  count(runner) {
    const { spec } = this;
    const values = spec.values(runner.state);
    const range = typeof spec.range === "function" ? spec.range(runner.state, runner.params) : spec.range;
    histogram(values, range[0], range[1], this.counts.length, this.counts);
    let largest = 0;
    for (const c of this.counts) largest = Math.max(largest, c);
    return { range, largest };
  }

  record(runner) {
    // The count axis grows at once and shrinks slowly, record by record (not frame by frame,
    // so that the same run always gets the same axis).
    const { largest } = this.count(runner);
    this.top = Math.max(largest * 1.05, this.top * 0.9);
  }

  draw(runner) {
    const { spec } = this;
    const { range, largest } = this.count(runner);
    const horizontal = spec.orientation === "horizontal";
    const countAxis = [0, niceMax(Math.max(this.top, largest * 1.05))];
    const valueAxis = range;
    const ctx = this.surface.paintBackground(`${countAxis}|${valueAxis}`, (c) =>
      drawAxes(c, {
        x: horizontal ? countAxis : valueAxis,
        y: horizontal ? valueAxis : countAxis,
        xlabel: horizontal ? spec.xlabel || "count" : spec.xlabel || "",
        ylabel: horizontal ? spec.ylabel || "" : spec.ylabel || "count",
        title: spec.title,
      }),
    );
    ctx.fillStyle = spec.color || PALETTE[0];
    const bins = this.counts.length;
    for (let b = 0; b < bins; b += 1) {
      const c = this.counts[b];
      if (c === 0) continue;
      const v0 = range[0] + ((range[1] - range[0]) * b) / bins;
      const v1 = range[0] + ((range[1] - range[0]) * (b + 1)) / bins;
      if (horizontal) {
        const ya = scaleY(v1, valueAxis);
        const yb = scaleY(v0, valueAxis);
        ctx.fillRect(PLOT.left, ya, scaleX(c, countAxis) - PLOT.left, Math.max(yb - ya - 0.5, 0.5));
      } else {
        const xa = scaleX(v0, valueAxis);
        const xb = scaleX(v1, valueAxis);
        const top = scaleY(c, countAxis);
        ctx.fillRect(xa, top, Math.max(xb - xa - 0.5, 0.5), PLOT.bottom - top);
      }
    }
  }
}

class LatticePanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    this.colors = spec.colors.map(rgb);
    if (spec.legend) figure.append(legend(spec.legend));
  }

  reset(runner) {
    const shape = this.spec.shape ? this.spec.shape(runner.state) : [this.spec.side(runner.state), this.spec.side(runner.state)];
    [this.rows, this.cols] = shape;
    this.image = document.createElement("canvas");
    this.image.width = this.cols;
    this.image.height = this.rows;
    this.pixels = this.image.getContext("2d").createImageData(this.cols, this.rows);
  }

  record() {}

  draw(runner) {
    const cells = this.spec.cells(runner.state);
    const data = this.pixels.data;
    for (let i = 0; i < cells.length; i += 1) {
      const c = this.colors[cells[i]];
      data[4 * i] = c[0];
      data[4 * i + 1] = c[1];
      data[4 * i + 2] = c[2];
      data[4 * i + 3] = 255;
    }
    this.image.getContext("2d").putImageData(this.pixels, 0, 0);
    const ctx = this.surface.paintBackground("lattice", (c) => drawTitle(c, this.spec.title));
    const size = Math.min(WIDTH - 16, HEIGHT - 34);
    const cell = size / Math.max(this.rows, this.cols);
    const w = cell * this.cols;
    const h = cell * this.rows;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.image, (WIDTH - w) / 2, 26, w, h);
  }
}

class NetworkPanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    if (spec.legend) figure.append(legend(spec.legend));
  }

  reset(runner) {
    const fixed = this.spec.positions ? this.spec.positions(runner.state) : null;
    if (fixed) {
      this.pos = fixed;
      this.relax = false;
      return;
    }
    // A relaxing layout for a network that changes: seeded by the run's seed, and moved one
    // spring-embedder iteration per record, so a reset replays the same pictures.
    const n = this.spec.size(runner.state);
    const rng = createRng(runner.seed);
    this.pos = new Float64Array(2 * n);
    for (let i = 0; i < n; i += 1) {
      const angle = 2 * Math.PI * rng.random();
      const radius = 0.45 * Math.sqrt(rng.random());
      this.pos[2 * i] = 0.5 + radius * Math.cos(angle);
      this.pos[2 * i + 1] = 0.5 + radius * Math.sin(angle);
    }
    this.shift = new Float64Array(2 * n);
    this.relax = true;
  }

  record(runner) {
    if (!this.relax) return;
    const { indptr, indices } = this.spec.csr(runner.state);
    const n = this.pos.length / 2;
    relaxOnce(n, indptr, indices, this.pos, this.shift, Math.sqrt(1 / n), 0.01);
  }

  draw(runner) {
    const { spec } = this;
    const ctx = this.surface.paintBackground("network", (c) => drawTitle(c, spec.title));
    const view = this.relax ? normalise(Float64Array.from(this.pos)) : this.pos;
    const size = Math.min(WIDTH - 8, HEIGHT - 30);
    const ox = (WIDTH - size) / 2;
    const oy = 26;
    const px = (i) => ox + view[2 * i] * size;
    const py = (i) => oy + view[2 * i + 1] * size;
    const styles = spec.edgeStyles || [{ color: STYLE.muted, width: 0.6, alpha: 0.5 }];
    const edges = spec.edges(runner.state);
    for (let k = 0; k < styles.length; k += 1) {
      const style = styles[k];
      ctx.strokeStyle = style.color;
      ctx.globalAlpha = style.alpha ?? 1;
      ctx.lineWidth = style.width;
      ctx.beginPath();
      for (let e = 0; e < edges.u.length; e += 1) {
        if ((edges.style ? edges.style[e] : 0) !== k) continue;
        ctx.moveTo(px(edges.u[e]), py(edges.u[e]));
        ctx.lineTo(px(edges.v[e]), py(edges.v[e]));
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const codes = spec.nodes(runner.state);
    const shapes = spec.nodeShapes || spec.nodeColors.map(() => "fill");
    spec.nodeColors.forEach((colour, code) => {
      const shape = shapes[code];
      ctx.beginPath();
      for (let i = 0; i < codes.length; i += 1) {
        if (codes[i] !== code) continue;
        const x = px(i);
        const y = py(i);
        if (shape === "cross") {
          ctx.moveTo(x - 2.5, y - 2.5);
          ctx.lineTo(x + 2.5, y + 2.5);
          ctx.moveTo(x + 2.5, y - 2.5);
          ctx.lineTo(x - 2.5, y + 2.5);
        } else {
          ctx.moveTo(x + 2.6, y);
          ctx.arc(x, y, 2.6, 0, 2 * Math.PI);
        }
      }
      if (shape === "fill") {
        ctx.fillStyle = colour;
        ctx.fill();
      } else {
        if (shape === "ring") {
          ctx.fillStyle = STYLE.background;
          ctx.fill();
        }
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.2;
        ctx.stroke();
      }
    });
  }
}

class BarsPanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    if (spec.legend) figure.append(legend(spec.legend));
  }

  reset() {}

  record() {}

  draw(runner) {
    const { spec } = this;
    let values = Array.from(spec.values(runner.state));
    if (spec.sort) values.sort((a, b) => b - a);
    const count = spec.count || values.length;
    values = values.slice(0, count);
    const y = spec.y || [0, 1];
    const x = [0.5, count + 0.5];
    const ctx = this.surface.paintBackground(`${count}`, (c) =>
      drawAxes(c, { x, y, xlabel: spec.xlabel || "", ylabel: spec.ylabel || "", title: spec.title }),
    );
    const width = (PLOT.right - PLOT.left) / count;
    for (let k = 0; k < values.length; k += 1) {
      ctx.fillStyle = spec.colors ? spec.colors[k % spec.colors.length] : PALETTE[0];
      const top = scaleY(Math.min(values[k], y[1]), y);
      ctx.fillRect(PLOT.left + k * width + 0.5, top, Math.max(width - 1, 0.5), PLOT.bottom - top);
    }
  }
}

class LorenzPanel {
  constructor(spec, figure) {
    this.spec = spec;
    this.surface = new Surface(figure, spec.label || spec.title);
    const items = [
      { label: "the population now", color: PALETTE[0] },
      { label: "perfect equality", color: STYLE.muted, dash: true },
    ];
    if (spec.reference) items.push({ label: spec.referenceLabel || "theory", color: PALETTE[1], dash: true });
    figure.append(legend(items));
  }

  reset() {}

  record() {}

  draw(runner) {
    const { spec } = this;
    const values = spec.values(runner.state);
    const axis = [0, 1];
    const ctx = this.surface.paintBackground("lorenz", (c) =>
      drawAxes(c, { x: axis, y: axis, xlabel: "share of people, poorest first", ylabel: "share of the total", title: spec.title }),
    );
    const { population, share } = lorenz(values);
    ctx.lineWidth = STYLE.lineWidth;
    ctx.setLineDash([5, 4]);
    ctx.strokeStyle = STYLE.muted;
    ctx.beginPath();
    ctx.moveTo(scaleX(0, axis), scaleY(0, axis));
    ctx.lineTo(scaleX(1, axis), scaleY(1, axis));
    ctx.stroke();
    const reference = spec.reference ? spec.reference(runner.params) : null;
    if (reference) {
      ctx.strokeStyle = PALETTE[1];
      ctx.beginPath();
      for (let k = 0; k <= 100; k += 1) {
        const p = k / 100;
        if (k === 0) ctx.moveTo(scaleX(p, axis), scaleY(reference(p), axis));
        else ctx.lineTo(scaleX(p, axis), scaleY(reference(p), axis));
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.strokeStyle = PALETTE[0];
    ctx.beginPath();
    const n = population.length - 1;
    const stride = Math.max(1, Math.floor(n / 300));
    for (let i = 0; i <= n; i += stride) ctx.lineTo(scaleX(population[i], axis), scaleY(share[i], axis));
    ctx.lineTo(scaleX(1, axis), scaleY(1, axis));
    ctx.stroke();
    ctx.fillStyle = STYLE.text;
    ctx.font = `${STYLE.labelSize}px ${STYLE.font}`;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(`Gini ${gini(values).toFixed(3)}`, PLOT.left + 6, PLOT.top + 6);
  }
}

const KINDS = {
  series: SeriesPanel,
  trajectories: TrajectoryPanel,
  histogram: HistogramPanel,
  lattice: LatticePanel,
  network: NetworkPanel,
  bars: BarsPanel,
  lorenz: LorenzPanel,
};

/** The panel for a declaration: `{figure, reset, record, draw}`. */
export function createPanel(spec) {
  const Kind = KINDS[spec.kind];
  if (!Kind) throw new Error(`unknown panel kind ${JSON.stringify(spec.kind)} (known: ${Object.keys(KINDS).join(", ")})`);
  const figure = el("figure", { class: `socmodels-panel socmodels-panel--${spec.kind}` });
  const panel = new Kind(spec, figure);
  panel.figure = figure;
  return panel;
}

export const PANEL_KINDS = Object.keys(KINDS);
