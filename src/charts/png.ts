// Raster charts for e-mail previews: the same plan as the vector charts (plan.ts), drawn by
// the same Chart.js (with the same theme) onto node-canvas.
//
// node-canvas is an optional peer dependency: a native module that needs Cairo, which the
// vector path (print, slides, notes, e-mail text) never loads. It is imported on first use
// only; when it is not installed, PNG rendering fails with a PngUnavailableError (code
// BR525) that says how to install it, and callers that can do without a picture (the
// e-mail preview) check `pngSupport()` first and degrade to text.
//
// Canvases are kept per pixel size and reused. A fresh canvas per render (what
// chartjs-node-canvas does, which this module used before) leaks its native surface in
// node-canvas 3: about 6.6 MB per render of the seed's charts, never returned. Reusing one
// canvas per size keeps RSS flat (see bench/charts.mjs), and Chart.js is the one already
// loaded for the vector path instead of a fresh copy per renderer.
import { BasicPlatform, Chart, registerables, type ChartConfiguration, type ChartItem } from 'chart.js';
import type { ChartSpec } from '../narrative/index.js';
import { allFaces, FAMILY, fontPath } from '../fonts/index.js';
import { planChart } from './plan.js';
import { applyChartTheme, BACKGROUND } from './theme.js';

export interface PngOptions {
  /** Device pixels per canvas unit (1 unit = 1 pt at natural size); default 2. */
  density?: number;
}

export interface ChartPng {
  png: Buffer;
  /** Pixel size of the image. */
  width: number;
  height: number;
  density: number;
}

/** The stable code of a missing PNG back end (registered in diagnostics/codes.ts). */
export const PNG_UNAVAILABLE = 'BR525';
/** What to install for PNG charts; the version the project is tested with. */
export const PNG_PACKAGES = 'canvas@3.2.3';

/** PNG rendering was asked for, but the optional native `canvas` package cannot be loaded. */
export class PngUnavailableError extends Error {
  readonly code = PNG_UNAVAILABLE;
  readonly hint = `install it next to briefing: npm install ${PNG_PACKAGES} (it builds against Cairo when no prebuilt binary fits)`;
  constructor(cause: unknown) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(`${PNG_UNAVAILABLE}: PNG charts need the optional package "canvas", which could not be loaded (${why})`, { cause });
    this.name = 'PngUnavailableError';
  }
}

type CanvasModule = typeof import('canvas');
type NodeCanvas = ReturnType<CanvasModule['createCanvas']>;

let raster: Promise<CanvasModule> | undefined;

/** CommonJS modules arrive as a namespace whose `default` is module.exports. */
function cjs<T>(mod: T | { default: T }): T {
  return (mod as { default?: T }).default ?? (mod as T);
}

function loadRaster(): Promise<CanvasModule> {
  raster ??= (async () => {
    let canvas: CanvasModule;
    try {
      // A variable specifier keeps bundlers and TypeScript consumers from requiring it.
      const name = 'canvas';
      canvas = cjs<CanvasModule>((await import(name)) as CanvasModule | { default: CanvasModule });
    } catch (e) {
      throw new PngUnavailableError(e);
    }
    // Text uses only the bundled Source Sans 3 files, registered before any canvas exists.
    for (const face of allFaces()) {
      const weight = face.weight === 'semibold' ? '600' : face.weight === 'bold' ? 'bold' : 'normal';
      canvas.registerFont(fontPath(face), { family: FAMILY, weight, style: face.style });
    }
    Chart.register(...registerables);
    applyChartTheme();
    return canvas;
  })();
  // A failed load is not cached: installing the package later in a long-lived process works.
  raster.catch(() => (raster = undefined));
  return raster;
}

/** True when the optional native `canvas` package loads, so PNG charts can be rendered. */
export async function pngSupport(): Promise<boolean> {
  try {
    await loadRaster();
    return true;
  } catch (e) {
    if (e instanceof PngUnavailableError) return false;
    throw e;
  }
}

// Canvases by role and size (panels in canvas units, composed sheets in pixels), least recently used first; a build uses a handful of
// sizes, the bound keeps a long-lived service with many sizes from holding many surfaces.
const MAX_CANVASES = 16;
const canvases = new Map<string, NodeCanvas>();

function canvasFor(module: CanvasModule, role: 'panel' | 'sheet', width: number, height: number): NodeCanvas {
  const key = `${role} ${width}x${height}`;
  let c = canvases.get(key);
  if (c) {
    canvases.delete(key);
  } else {
    c = module.createCanvas(width, height);
    if (canvases.size >= MAX_CANVASES) canvases.delete(canvases.keys().next().value!);
  }
  canvases.set(key, c);
  return c;
}

/**
 * Draws one panel at `density` onto the panel-sized canvas (resized by Chart.js to pixels)
 * and hands the drawn canvas to `use` before the chart is destroyed (which clears it).
 */
function withPanel<T>(module: CanvasModule, config: ChartConfiguration, width: number, height: number, density: number, use: (canvas: NodeCanvas) => T): T {
  const canvas = canvasFor(module, 'panel', width, height);
  // Chart.js takes the element's size as its CSS size and scales it by devicePixelRatio, so
  // the reused canvas goes back to canvas units before every chart.
  canvas.width = width;
  canvas.height = height;
  let chart: Chart | undefined;
  try {
    chart = new Chart(canvas as unknown as ChartItem, {
      ...config,
      platform: BasicPlatform,
      options: { ...config.options, devicePixelRatio: density, animation: false, responsive: false, maintainAspectRatio: false, events: [] },
      plugins: [...(config.plugins ?? []), { id: 'briefing-background', beforeDraw: (c) => paintBackground(c.ctx, c.width, c.height) }],
    });
    return use(canvas);
  } finally {
    chart?.destroy();
  }
}

function paintBackground(ctx: Chart['ctx'], width: number, height: number): void {
  ctx.save();
  ctx.globalCompositeOperation = 'destination-over';
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
}

/** Renders one chart spec as a PNG; multiples are composed onto one canvas. */
export async function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Promise<ChartPng> {
  const density = options.density ?? 2;
  if (!(Number.isFinite(density) && density > 0 && density <= 8)) throw new RangeError(`renderChartPng: density must be in (0, 8], got ${density}`);
  const module = await loadRaster();
  const plan = planChart(spec);
  const width = Math.round(plan.width * density);
  const height = Math.round(plan.height * density);
  const only = plan.panels.length === 1 ? plan.panels[0] : undefined;
  if (only && only.x === 0 && only.y === 0 && only.width === plan.width && only.height === plan.height) {
    const png = withPanel(module, only.config, only.width, only.height, density, (canvas) => canvas.toBuffer('image/png'));
    return { png, width, height, density };
  }
  const sheet = canvasFor(module, 'sheet', width, height);
  sheet.width = width;
  sheet.height = height;
  const ctx = sheet.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  for (const panel of plan.panels) {
    withPanel(module, panel.config, panel.width, panel.height, density, (drawn) => ctx.drawImage(drawn, Math.round(panel.x * density), Math.round(panel.y * density)));
  }
  return { png: sheet.toBuffer('image/png'), width, height, density };
}

/** Renders several specs, in order. */
export async function renderChartsPng(specs: readonly ChartSpec[], options: PngOptions = {}): Promise<Map<string, ChartPng>> {
  const out = new Map<string, ChartPng>();
  for (const spec of specs) out.set(spec.id, await renderChartPng(spec, options));
  return out;
}
