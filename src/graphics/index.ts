// Shared graphics types: what a drawn chart is, independent of any stage or output format.
// The charts stage produces these, layout places them, and every writer (pdf, pptx) reads
// them, so none of those needs another stage's internals.
export type * from './display-list.js';
export type * from './chart.js';
