// Raster charts for slides and e-mail previews: the same plan as the vector charts (plan.ts),
// drawn by Chart.js onto node-canvas through chartjs-node-canvas.
//
// The native canvas module and chartjs-node-canvas are imported on first use, so building
// PDFs (which never needs a raster) does not load them. Text uses only the bundled Source
// Sans 3 files, registered with canvas before any canvas exists.
import type { ChartConfiguration } from 'chart.js';
import type { ChartSpec } from '../narrative/index.js';
import { allFaces, FAMILY, fontPath } from '../fonts/index.js';
import { planChart } from './plan.js';
import { applyChartDefaults, BACKGROUND } from './theme.js';

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

type CanvasModule = typeof import('canvas');
type ChartJSNodeCanvasClass = typeof import('chartjs-node-canvas').ChartJSNodeCanvas;
type ChartJSNodeCanvas = InstanceType<ChartJSNodeCanvasClass>;

interface Raster {
  canvas: CanvasModule;
  ChartJSNodeCanvas: ChartJSNodeCanvasClass;
}

let raster: Promise<Raster> | undefined;

/** CommonJS modules arrive as a namespace whose `default` is module.exports. */
function cjs<T>(mod: T | { default: T }): T {
  return (mod as { default?: T }).default ?? (mod as T);
}

function loadRaster(): Promise<Raster> {
  raster ??= (async () => {
    const canvas = cjs<CanvasModule>(await import('canvas'));
    for (const face of allFaces()) {
      const weight = face.weight === 'semibold' ? '600' : face.weight === 'bold' ? 'bold' : 'normal';
      canvas.registerFont(fontPath(face), { family: FAMILY, weight, style: face.style });
    }
    const { ChartJSNodeCanvas } = cjs(await import('chartjs-node-canvas'));
    return { canvas, ChartJSNodeCanvas };
  })();
  return raster;
}

// chartjs-node-canvas loads a fresh copy of Chart.js for every instance (and keeps it), so
// instances are made once per panel size and reused; a build uses only a handful of sizes.
const renderers = new Map<string, ChartJSNodeCanvas>();

function renderer(r: Raster, width: number, height: number): ChartJSNodeCanvas {
  const key = `${width}x${height}`;
  let instance = renderers.get(key);
  if (!instance) {
    instance = new r.ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: BACKGROUND,
      chartCallback: (ChartJS) => applyChartDefaults(ChartJS.defaults),
    });
    renderers.set(key, instance);
  }
  return instance;
}

function withDensity(config: ChartConfiguration, density: number): ChartConfiguration {
  // chartjs-node-canvas writes into config.options; the plan is ours, but copy to be safe.
  return { ...config, options: { ...config.options, devicePixelRatio: density, events: [] } };
}

/** Renders one chart spec as a PNG; multiples are composed onto one canvas. */
export async function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Promise<ChartPng> {
  const density = options.density ?? 2;
  if (!(Number.isFinite(density) && density > 0 && density <= 8)) throw new RangeError(`renderChartPng: density must be in (0, 8], got ${density}`);
  const r = await loadRaster();
  const plan = planChart(spec);
  const width = Math.round(plan.width * density);
  const height = Math.round(plan.height * density);
  const only = plan.panels.length === 1 ? plan.panels[0] : undefined;
  if (only && only.x === 0 && only.y === 0 && only.width === plan.width && only.height === plan.height) {
    const png = renderer(r, only.width, only.height).renderToBufferSync(withDensity(only.config, density), 'image/png');
    return { png, width, height, density };
  }
  const sheet = r.canvas.createCanvas(width, height);
  const ctx = sheet.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  for (const panel of plan.panels) {
    const bytes = renderer(r, panel.width, panel.height).renderToBufferSync(withDensity(panel.config, density), 'image/png');
    const image = new r.canvas.Image();
    image.src = bytes; // decoding a Buffer is synchronous in node-canvas
    ctx.drawImage(image, Math.round(panel.x * density), Math.round(panel.y * density));
  }
  return { png: sheet.toBuffer('image/png'), width, height, density };
}

/** Renders several specs, in order. */
export async function renderChartsPng(specs: readonly ChartSpec[], options: PngOptions = {}): Promise<Map<string, ChartPng>> {
  const out = new Map<string, ChartPng>();
  for (const spec of specs) out.set(spec.id, await renderChartPng(spec, options));
  return out;
}
