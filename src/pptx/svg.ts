// A chart's display list as an SVG document: vector paths and real text in the named font,
// for chart kinds PowerPoint has no native form of (panels on separate scales, timelines).
// Hand-written because it is a direct, small mapping of our own display-list format; no
// library takes these ops.
import { CJK_FAMILY, FAMILY, hasCjk } from '../fonts/index.js';
import type { DisplayList, Paint, Path, StrokeStyle, TextRun } from '../layout/index.js';

const n = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};

function d(path: Path): string {
  return path
    .map((seg) => {
      switch (seg[0]) {
        case 'M':
        case 'L':
          return `${seg[0]}${n(seg[1])} ${n(seg[2])}`;
        case 'C':
          return `C${n(seg[1])} ${n(seg[2])} ${n(seg[3])} ${n(seg[4])} ${n(seg[5])} ${n(seg[6])}`;
        case 'Z':
          return 'Z';
      }
    })
    .join('');
}

const rgb = (p: Paint): string => `#${p.color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const alpha = (attr: string, p: Paint): string => (p.alpha < 1 ? ` ${attr}-opacity="${n(p.alpha)}"` : '');

function stroke(p: Paint, s: StrokeStyle): string {
  const dash = s.dash.length ? ` stroke-dasharray="${s.dash.map(n).join(' ')}" stroke-dashoffset="${n(s.dashOffset)}"` : '';
  return `fill="none" stroke="${rgb(p)}"${alpha('stroke', p)} stroke-width="${n(s.width)}" stroke-linecap="${s.cap}" stroke-linejoin="${s.join}" stroke-miterlimit="${n(s.miterLimit)}"${dash}`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(run: TextRun, paint: string): string {
  const weight = run.face.weight === 'bold' ? 700 : run.face.weight === 'semibold' ? 600 : 400;
  const style = run.face.style === 'italic' ? ' font-style="italic"' : '';
  const turn = Math.abs(run.angle) > 1e-9 || run.scaleX !== 1 ? ` transform="translate(${n(run.x)} ${n(run.y)}) rotate(${n((run.angle * 180) / Math.PI)}) scale(${n(run.scaleX)} 1)"` : '';
  const at = turn ? 'x="0" y="0"' : `x="${n(run.x)}" y="${n(run.y)}"`;
  // Chinese text names the CJK fallback face after the Latin one, as the PDF sets it.
  const family = hasCjk(run.text) ? `'${FAMILY}', '${CJK_FAMILY}'` : FAMILY;
  // The width the layout measured (before the run's own horizontal scale): a viewer that lacks
  // the font fits its substitute to it instead of running into the next label.
  const length = run.width > 0 && run.scaleX > 0 ? ` textLength="${n(run.width / run.scaleX)}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text ${at}${turn} font-family="${family}" font-size="${n(run.size)}" font-weight="${weight}"${style}${length} ${paint} xml:space="preserve">${escapeXml(run.text)}</text>`;
}

/** The list as a standalone SVG document, `width` × `height` user units (points). */
export function displayListSvg(list: DisplayList, title: string): string {
  const out: string[] = [];
  const defs: string[] = [];
  let open = 0;
  for (const op of list.ops) {
    switch (op.op) {
      case 'fill':
        out.push(`<path d="${d(op.path)}" fill="${rgb(op.paint)}"${alpha('fill', op.paint)} fill-rule="${op.rule}"/>`);
        break;
      case 'stroke':
        out.push(`<path d="${d(op.path)}" ${stroke(op.paint, op.style)}/>`);
        break;
      case 'fillText':
        out.push(text(op, `fill="${rgb(op.paint)}"${alpha('fill', op.paint)}`));
        break;
      case 'strokeText':
        out.push(text(op, stroke(op.paint, op.style)));
        break;
      case 'clip': {
        const id = `c${defs.length}`;
        defs.push(`<clipPath id="${id}"><path d="${d(op.path)}" clip-rule="${op.rule}"/></clipPath>`);
        out.push(`<g clip-path="url(#${id})">`);
        open++;
        break;
      }
      case 'unclip':
        if (open > 0) {
          out.push('</g>');
          open--;
        }
        break;
    }
  }
  while (open-- > 0) out.push('</g>');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(list.width)}pt" height="${n(list.height)}pt" viewBox="0 0 ${n(list.width)} ${n(list.height)}"><title>${escapeXml(title)}</title>${defs.length ? `<defs>${defs.join('')}</defs>` : ''}${out.join('')}</svg>`;
}
