// The chart theme, set once: Chart.js defaults (font, colours, grid) and the palette.
// The palette's steps differ in lightness as well as hue, so series stay apart in greyscale
// and for colour-blind readers. Derived values cannot be hatched (the recording canvas has no
// patterns), so they are drawn in a light fill with a dark edge and marked "†".
import { Chart, type Defaults } from 'chart.js';
import { FAMILY, type FontFace } from '../fonts/index.js';

/**
 * Dark-to-light steps (Okabe–Ito derived). Greyscale luma (0.299R+0.587G+0.114B) is about
 * 46, 92, 162 and 191 of 255: each pair differs by at least 20 levels, which test/charts-png
 * checks on the rendered pixels as well as here.
 */
export const PALETTE = ['#16325c', '#0e7c86', '#e69f00', '#9ecae1'] as const;
/** Series colours in order; the fourth palette step is kept for derived-adjacent contrast. */
export const SERIES = [PALETTE[0], PALETTE[1], PALETTE[2]] as const;
export const DERIVED_FILL = '#c8d3e0';
export const DERIVED_EDGE = '#16325c';
/** Appended to the label of every derived value; the chart's note starts with it too. */
export const DERIVED_MARK = '†';
export const TEXT = '#1b1f24';
export const MUTED = '#5b6470';
export const GRID = '#e3e8ee';
export const BACKGROUND = '#ffffff';

/** Text sizes in canvas units (1 unit = 1 pt when the chart is placed at its natural size). */
export const SIZE = { label: 11, value: 11, tick: 10, panelTitle: 11, annotation: 10, note: 11 } as const;
export const REGULAR: FontFace = { weight: 'regular', style: 'normal' };
export const SEMIBOLD: FontFace = { weight: 'semibold', style: 'normal' };

/** A CSS font string for the bundled family, as Chart.js plugins set `ctx.font`. */
export function cssFont(size: number, face: FontFace): string {
  const weight = face.weight === 'semibold' ? '600' : face.weight === 'bold' ? '700' : '400';
  return `${face.style === 'italic' ? 'italic ' : ''}${weight} ${size}px "${FAMILY}"`;
}

/**
 * Writes the theme into a Chart.js defaults object (the vector and the PNG path share one
 * Chart.js, themed once by applyChartTheme).
 */
export function applyChartDefaults(defaults: Defaults): void {
  // Quoted: Chart.js pastes the family into ctx.font as is, and node-canvas does not resolve
  // an unquoted name ending in a number ("Source Sans 3"), silently using a system font.
  defaults.font.family = `"${FAMILY}"`;
  defaults.font.size = SIZE.tick;
  defaults.color = TEXT;
  defaults.borderColor = GRID;
  defaults.plugins.legend.display = false;
  defaults.plugins.tooltip.enabled = false;
  defaults.plugins.title.display = false;
  defaults.layout.padding = 6;
}

let applied = false;

/** Applies the theme to the Chart.js global defaults used by the vector path; idempotent. */
export function applyChartTheme(): void {
  if (applied) return;
  applied = true;
  applyChartDefaults(Chart.defaults);
}
