// The registry of diagnostic codes. A code, once given, keeps its meaning: tests and users
// match on it. Each block below belongs to one area; add new codes inside their block, in
// order, with a one-line meaning (the README's table of codes is checked against this list).
//
//   BR100–BR169  facts: reading, schema, cross-checks, figures against quotes, derived facts
//   BR170–BR199  facts: hostile or unusual input (encodings, tags, limits, library objects)
//   BR200–BR249  templates and narrative
//   BR250–BR279  templates: confinement, recursion and output limits
//   BR280–BR299  Markdown prose and authoring (init, draft)
//   BR300–BR349  layout: fitting, cutting, continuation, line breaking
//   BR350–BR369  layout: page and size limits
//   BR370–BR389  layout: Chinese and bilingual editions
//   BR390–BR399  PPTX writer
//   BR400–BR449  charts
//   BR450–BR469  maps and coordinates
//   BR500–BR549  command line, configuration and output files
//   BR550–BR599  e-mail and SMTP
//   BR600–BR619  fonts and glyph coverage, locales
//   BR620–BR649  translations and glossaries
//   BR700–BR749  service
//   BR800–BR819  diff and changes since an edition

export const CODES: Readonly<Record<string, string>> = {
  // BR100–BR169 facts
  // BR170–BR199 facts: hostile input
  // BR200–BR249 templates and narrative
  // BR250–BR279 templates: confinement and limits
  // BR280–BR299 Markdown and authoring
  // BR300–BR349 layout
  // BR350–BR369 layout limits
  // BR370–BR389 Chinese and bilingual layout
  // BR390–BR399 PPTX
  // BR400–BR449 charts
  // BR450–BR469 maps
  BR450: 'a map chart has no events, or its events have no places',
  BR451: 'a place on a map has no location',
  BR452: 'the source named for coordinates does not exist',
  BR453: 'coordinates come from a report instead of a reference source',
  BR454: 'the quoted gazetteer record is not in the reference source',
  BR455: 'a latitude or longitude is not in its quoted record',
  BR456: 'a place names a country Natural Earth does not know (coordinates not checked)',
  BR457: 'a place lies outside its country',
  // BR500–BR549 command line and output
  // BR550–BR599 e-mail
  // BR600–BR619 fonts and locales
  // BR620–BR649 translations
  // BR700–BR749 service
  // BR800–BR819 diff
};
