// The e-mail's chart preview: the briefing's first chart as a small PNG (the first that is not a
// map: maps are drawn by the map renderer, which has no PNG path), attached inline and
// shown in the HTML body through a cid: reference. PNG needs the optional native package
// canvas; without it the preview is left out with a warning (BR575) and the body describes
// the chart in words (its alt text) instead. Loaded only when an e-mail is rendered.
//
// Drawing needs canvas, a native addon that crashes the process when a worker thread that
// loaded it ends. So a build on a worker thread lays the picture out (`deferred`: its size
// from the chart's plan, no pixels) and the main thread draws it (drawEmailImages).
import { altText, planChart, pngSupport, renderChartPng } from '../charts/index.js';
import { warning, type Diagnostic } from '../diagnostics/index.js';
import type { EmailBody, EmailImage, EmailPreview } from '../narrative/email.js';
import type { ChartSpec } from '../narrative/index.js';

/** Pixels per chart unit: a 460 pt chart becomes a 690 px image shown 460 px wide. */
const DENSITY = 1.5;

export { pngSupport };

/**
 * The preview of the first chart that can be a picture, or undefined when there is no chart;
 * without `image` when PNG support is missing (the warning is pushed to `warnings`) or when
 * every chart is a map (then the first map is described in words: it is in the attached PDFs).
 * `deferred`: the caller has checked PNG support; the image is laid out but not drawn (empty
 * `content`, `pending` set).
 */
export async function emailPreview(charts: readonly ChartSpec[], id: string, file: string, warnings: Diagnostic[], deferred = false): Promise<EmailPreview | undefined> {
  const spec = charts.find((c) => c.type !== 'map');
  if (!spec) return charts[0] ? { title: charts[0].title, alt: altText(charts[0]) } : undefined;
  const described = { title: spec.title, alt: altText(spec) };
  if (deferred) {
    // The same size renderChartPng gives: the plan's, at DENSITY.
    const plan = planChart(spec);
    return { ...described, image: { ...imageName(spec, id), content: new Uint8Array(0), width: Math.round(Math.round(plan.width * DENSITY) / DENSITY), height: Math.round(Math.round(plan.height * DENSITY) / DENSITY), pending: spec } };
  }
  if (!(await pngSupport())) {
    warnings.push(
      warning('BR575', { file, path: `charts.${spec.id}` }, 'the e-mail has no chart preview: PNG support is not installed, so the HTML body describes the chart in words', 'install the optional package next to briefing: npm install canvas'),
    );
    return described;
  }
  const image = await renderChartPng(spec, { density: DENSITY });
  return {
    ...described,
    image: {
      ...imageName(spec, id),
      content: image.png,
      width: Math.round(image.width / DENSITY),
      height: Math.round(image.height / DENSITY),
    },
  };
}

function imageName(spec: ChartSpec, id: string): Pick<EmailImage, 'cid' | 'filename'> {
  return { cid: `${spec.id}.${id}@briefing`.replace(/[^A-Za-z0-9.@_-]/g, '-'), filename: `${id}-${spec.id}.png` };
}

/** Draws the pictures of a body laid out with `preview: 'deferred'`, in place. */
export async function drawEmailImages(body: EmailBody): Promise<void> {
  for (const image of body.images) {
    if (!image.pending) continue;
    image.content = (await renderChartPng(image.pending, { density: DENSITY })).png;
    delete image.pending;
  }
}
