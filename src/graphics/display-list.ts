// A device-independent record of what a Canvas 2D drawing did, so a chart can be laid out
// once by Chart.js and then replayed onto any vector backend (PDFKit today).
//
// Everything is plain data: coordinates are already in canvas space (the current transform
// has been applied when the op was recorded), colours are resolved, text alignment is
// resolved to a baseline origin. That keeps replay a dumb loop and makes lists comparable
// with toEqual and serialisable with JSON.stringify.
import type { FontFace } from '../fonts/index.js';

/** One path segment in canvas space (y grows downwards). Arcs are already cubic Béziers. */
export type PathSeg =
  | readonly ['M', number, number]
  | readonly ['L', number, number]
  | readonly ['C', number, number, number, number, number, number]
  | readonly ['Z'];

export type Path = readonly PathSeg[];

export type FillRule = 'nonzero' | 'evenodd';

/** sRGB channels 0–255. */
export type Rgb = readonly [number, number, number];

export interface Paint {
  readonly color: Rgb;
  /** Colour alpha multiplied by globalAlpha, 0–1. Fully transparent paints are never recorded. */
  readonly alpha: number;
}

export interface StrokeStyle {
  /** Line width in canvas units (the transform's scale is already applied). */
  readonly width: number;
  readonly cap: 'butt' | 'round' | 'square';
  readonly join: 'miter' | 'round' | 'bevel';
  readonly miterLimit: number;
  /** Dash pattern in canvas units; empty = solid. Always an even number of entries. */
  readonly dash: readonly number[];
  readonly dashOffset: number;
}

export interface TextRun {
  readonly text: string;
  /** Origin of the first glyph on the alphabetic baseline, canvas space. */
  readonly x: number;
  readonly y: number;
  /** Baseline direction in radians, clockwise as seen on the page (canvas convention). */
  readonly angle: number;
  /** Font size in canvas units (the transform's scale is already applied). */
  readonly size: number;
  /** Horizontal compression from fillText's maxWidth; 1 = natural width. */
  readonly scaleX: number;
  readonly face: FontFace;
  /** Advance width as drawn (after scaleX), canvas units. */
  readonly width: number;
  readonly paint: Paint;
}

export type DrawOp =
  | { readonly op: 'fill'; readonly path: Path; readonly rule: FillRule; readonly paint: Paint }
  | { readonly op: 'stroke'; readonly path: Path; readonly paint: Paint; readonly style: StrokeStyle }
  | ({ readonly op: 'fillText' } & TextRun)
  | ({ readonly op: 'strokeText'; readonly style: StrokeStyle } & TextRun)
  /** Intersects the clip region with `path` until the matching 'unclip'. Always balanced. */
  | { readonly op: 'clip'; readonly path: Path; readonly rule: FillRule }
  | { readonly op: 'unclip' };

export interface DisplayList {
  /** Canvas size in canvas units (1 unit = 1 PDF point when replayed at scale 1). */
  readonly width: number;
  readonly height: number;
  readonly ops: readonly DrawOp[];
}
