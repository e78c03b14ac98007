// The quote check as a figure check: a fact's value, unit, scale and qualifier must agree with
// one figure written in its quote, within the rounding the fact declares. A fact whose figure
// is not written in digits says so with `figureOptOut` and a reason, and is listed.
import type { BriefingDocument } from './schema.js';
import { bindFigure, describeFigure, findFigures, type Mismatch } from './figures.js';

/** A fact exempted from the figure check, with the reason its file gives. */
export interface FigureOptOut {
  id: string;
  /** Dotted path of the opt-out in the facts file: facts.<id>.figureOptOut. */
  path: string;
  reason: string;
}

type Report = (code: string, path: (string | number)[], message: string, at?: 'key' | 'value', hint?: string) => void;

const CODE: Record<Mismatch, string> = { value: 'BR150', unit: 'BR151', scale: 'BR152', qualifier: 'BR153' };

/** Checks every stated fact against the figures of its quote; returns the opt-outs. */
export function checkFigures(doc: BriefingDocument, report: Report): FigureOptOut[] {
  const optOuts: FigureOptOut[] = [];
  for (const [id, fact] of Object.entries(doc.facts)) {
    const locale = doc.sources[fact.source]?.locale ?? doc.meta.locale;
    const figures = findFigures(fact.quote, { locale });
    const stated = { value: fact.value, unit: fact.unit, scale: fact.scale, qualifier: fact.qualifier, ...(fact.round !== undefined ? { round: fact.round } : {}) };
    const bound = bindFigure(stated, figures);

    if (fact.figureOptOut !== undefined) {
      // An opt-out is for figures not written in digits; one the quote does write is a mistake.
      if (bound && bound.mismatches.length === 0) {
        report(
          'BR155',
          ['facts', id, 'figureOptOut'],
          `the quote writes this figure in digits ("${bound.figure.text}"), so it needs no opt-out`,
          'value',
          'remove figureOptOut; the figure is then checked against the quote',
        );
      }
      optOuts.push({ id, path: `facts.${id}.figureOptOut`, reason: fact.figureOptOut });
      continue;
    }
    if (!bound) {
      report(
        'BR154',
        ['facts', id, 'quote'],
        `the quote holds no figure written in digits to check the value ${fact.value} against`,
        'value',
        'quote the passage that states the figure; if it is written in words ("eight of the top ten"), add figureOptOut: <why>',
      );
      continue;
    }
    const quoted = `the quote's "${bound.figure.text}" (${describeFigure(bound.figure)})`;
    const said: Record<Mismatch, string> = {
      value: String(fact.value),
      unit: fact.unit,
      scale: fact.scale,
      qualifier: fact.qualifier,
    };
    const hints: Record<Mismatch, string> = {
      value: fact.round === undefined ? 'state the value as the quote writes it, or declare the rounding with round: <decimal places>' : `the value must round the quoted figure to ${fact.round} decimal place${fact.round === 1 ? '' : 's'}`,
      unit: 'give the unit the quote writes: an ISO 4217 code for money, percent for a percentage, count or ratio for a bare number',
      scale: 'give the scale the quote writes (one, thousand, million, billion), or a value in another scale that is the same amount',
      qualifier: bound.figure.high !== undefined ? 'the quote gives a range: state its lower end with qualifier "at least" or its upper end with "up to"' : 'keep the qualifier the quote writes ("more than", "about", "nearly", "up to"...), or exact when it writes none',
    };
    for (const m of bound.mismatches) report(CODE[m], ['facts', id, m], `${said[m]} does not match ${quoted}`, 'value', hints[m]);
  }
  return optOuts;
}
