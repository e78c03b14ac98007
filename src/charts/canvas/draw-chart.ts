// Runs Chart.js in Node against a RecordingContext and returns what it drew as a DisplayList.
// No DOM and no raster canvas are involved: BasicPlatform plus a stand-in canvas element.
import { BasicPlatform, Chart, registerables, type ChartConfiguration, type ChartItem } from 'chart.js';
import { FAMILY } from '../../fonts/index.js';
import type { DisplayList } from '../../graphics/index.js';
import { RecordingContext } from './recording-context.js';

Chart.register(...registerables);
// Chart.js writes this verbatim into every ctx.font; the recording context resolves it to the
// bundled faces, so no chart text can fall back to a system font.
Chart.defaults.font.family = FAMILY;

/** Enough of CSSStyleDeclaration for Chart.js: it sets width/height and, for RTL legends, direction. */
class StandInStyle {
  width = '';
  height = '';
  private readonly props = new Map<string, { value: string; priority: string }>();
  getPropertyValue(name: string): string {
    return this.props.get(name)?.value ?? '';
  }
  getPropertyPriority(name: string): string {
    return this.props.get(name)?.priority ?? '';
  }
  setProperty(name: string, value: string | null, priority = ''): void {
    if (value === null || value === '') this.props.delete(name);
    else this.props.set(name, { value, priority });
  }
  removeProperty(name: string): string {
    const old = this.getPropertyValue(name);
    this.props.delete(name);
    return old;
  }
}

/** The stand-in for an HTMLCanvasElement that BasicPlatform.acquireContext() expects. */
class StandInCanvas {
  readonly id = 'recording-canvas';
  readonly style = new StandInStyle();
  readonly context: RecordingContext;
  constructor(public width: number, public height: number) {
    this.context = new RecordingContext(this);
  }
  getContext(type: string): RecordingContext | null {
    return type === '2d' ? this.context : null;
  }
}

// Chart.js instruments dataset arrays (listenArrayEvents) and the Colors plugin writes colours
// into datasets, so give it copies: the caller's config stays untouched and a second draw of
// the same config sees exactly the same input.
function copyData(data: ChartConfiguration['data']): ChartConfiguration['data'] {
  return {
    ...data,
    ...(data.labels ? { labels: [...data.labels] } : {}),
    datasets: data.datasets.map((ds) => ({ ...ds, data: Array.isArray(ds.data) ? [...ds.data] : ds.data })),
  };
}

/**
 * Lays out and draws `config` at `size` (PDF points; 1 canvas px = 1 pt) and returns the
 * recorded drawing. Deterministic: the same input gives a deep-equal list.
 */
export function drawChart(config: ChartConfiguration, size: { width: number; height: number }): DisplayList {
  if (!(size.width > 0 && size.height > 0 && Number.isFinite(size.width) && Number.isFinite(size.height))) {
    throw new RangeError(`drawChart: size must be positive and finite, got ${size.width}×${size.height}`);
  }
  const canvas = new StandInCanvas(size.width, size.height);
  let chart: Chart | undefined;
  try {
    chart = new Chart(canvas as unknown as ChartItem, {
      ...config,
      data: copyData(config.data),
      platform: BasicPlatform,
      options: {
        ...config.options,
        animation: false,
        responsive: false,
        maintainAspectRatio: false,
        devicePixelRatio: 1,
        events: [],
      },
    });
    // Chart draws synchronously in its constructor when animation is off.
    const { ops } = canvas.context.toDisplayList();
    return { width: size.width, height: size.height, ops };
  } finally {
    // destroy() clears the canvas; nothing recorded after this point matters, and a context
    // left mid-drawing by an exception must not make the clear throw.
    canvas.context.reset();
    (chart ?? Chart.getChart(canvas as unknown as ChartItem))?.destroy();
  }
}
