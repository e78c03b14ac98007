// The e-mail's chart preview: the briefing's first chart as a small PNG, attached inline and
// shown in the HTML body through a cid: reference. PNG needs the optional native package
// canvas; without it the preview is left out with a warning (BR575) and the body describes
// the chart in words (its alt text) instead. Loaded only when an e-mail is rendered.
import { altText, pngSupport, renderChartPng } from '../charts/index.js';
import { warning, type Diagnostic } from '../diagnostics/index.js';
import type { EmailPreview } from '../narrative/email.js';
import type { ChartSpec } from '../narrative/index.js';

/** Pixels per chart unit: a 460 pt chart becomes a 690 px image shown 460 px wide. */
const DENSITY = 1.5;

/**
 * The preview of `charts[0]`, or undefined when there is no chart; `picture: false` when PNG
 * support is missing (the warning is pushed to `warnings`).
 */
export async function emailPreview(charts: readonly ChartSpec[], id: string, file: string, warnings: Diagnostic[]): Promise<EmailPreview | undefined> {
  const spec = charts[0];
  if (!spec) return undefined;
  const described = { title: spec.title, alt: altText(spec) };
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
      cid: `${spec.id}.${id}@briefing`.replace(/[^A-Za-z0-9.@_-]/g, '-'),
      filename: `${id}-${spec.id}.png`,
      content: image.png,
      width: Math.round(image.width / DENSITY),
      height: Math.round(image.height / DENSITY),
    },
  };
}
