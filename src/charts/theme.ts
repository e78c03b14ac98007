// The chart theme, set once: Chart.js defaults (font, colours, grid) and the palette.
// The palette's steps differ in lightness as well as hue, so series stay apart in greyscale
// and for colour-blind readers; derived values are drawn hatched-light with a dashed edge.
import { Chart } from 'chart.js';
import { FAMILY } from '../fonts/index.js';

/** Dark-to-light steps (Okabe–Ito derived), distinct in luminance for greyscale print. */
export const PALETTE = ['#16325c', '#0e7c86', '#e69f00', '#9ecae1'] as const;
export const DERIVED_FILL = '#c8d3e0';
export const DERIVED_EDGE = '#16325c';
export const TEXT = '#1b1f24';
export const MUTED = '#5b6470';
export const GRID = '#e3e8ee';

let applied = false;

/** Applies the theme to Chart.js' global defaults; idempotent. */
export function applyChartTheme(): void {
  if (applied) return;
  applied = true;
  Chart.defaults.font.family = FAMILY;
  Chart.defaults.font.size = 11;
  Chart.defaults.color = TEXT;
  Chart.defaults.borderColor = GRID;
  Chart.defaults.plugins.legend.display = false;
  Chart.defaults.plugins.tooltip.enabled = false;
  Chart.defaults.plugins.title.display = false;
  Chart.defaults.layout.padding = 6;
}
