// The book's figure style (src/socmodels/plots/_style.py) for the canvases: seaborn's
// "colorblind" palette (Okabe–Ito colours), the "whitegrid" style and matplotlib's
// DejaVu Sans at the "notebook" context's sizes. Panels draw on a white figure background,
// like the PNG figures, in both of the site's colour modes.

/** seaborn.color_palette("colorblind"), in order: use PALETTE[i], as the Python figures do. */
export const PALETTE = [
  "#0173b2",
  "#de8f05",
  "#029e73",
  "#d55e00",
  "#cc78bc",
  "#ca9161",
  "#fbafe4",
  "#949494",
  "#ece133",
  "#56b4e9",
];

/** Public goods strategies, as plots/commons.py's STRATEGY_COLOURS (D, C, M, I, conditional). */
export const STRATEGY_COLOURS = [PALETTE[1], PALETTE[0], PALETTE[2], PALETTE[8], PALETTE[4]];

export const STYLE = {
  background: "#ffffff",
  text: "#262626", // matplotlib text colour .15
  grid: "#cccccc", // whitegrid: grid and axes edges .8
  axis: "#cccccc",
  muted: "#595959",
  font: '"DejaVu Sans", "Bitstream Vera Sans", Verdana, Geneva, sans-serif',
  titleSize: 12, // axes.titlesize (bold)
  labelSize: 11, // axes.labelsize at the frames' scale
  tickSize: 10,
  lineWidth: 1.5, // lines.linewidth
};
