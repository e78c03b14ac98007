// Sizes, colours and paper for the print and slide layouts: one theme, one font.
import type { FontFace } from '../fonts/index.js';

export const PAPER = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
} as const;
export type Paper = keyof typeof PAPER;

/** 13.333 × 7.5 in. */
export const SLIDE = { width: 960, height: 540 } as const;

export const COLOR = {
  text: '#1b1f24',
  muted: '#5b6470',
  navy: '#16325c',
  accent: '#0e7c86',
  rule: '#c9d1db',
  tile: '#eef2f7',
  band: '#16325c',
  derived: '#8a4b08',
  link: '#0b5cad',
  /** Change bars beside figures that changed since the earlier edition. */
  change: '#b3261e',
  white: '#ffffff',
} as const;

export const REGULAR: FontFace = { weight: 'regular', style: 'normal' };
export const ITALIC: FontFace = { weight: 'regular', style: 'italic' };
export const SEMIBOLD: FontFace = { weight: 'semibold', style: 'normal' };
export const BOLD: FontFace = { weight: 'bold', style: 'normal' };
