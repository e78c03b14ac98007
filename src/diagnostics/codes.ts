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
  BR301: 'slides: a title, headline, subtitle, date line or chart caption did not fit at its smallest size and was cut',
  BR302: 'slides: text of a key-figure tile (qualifier, figure, unit, label or period) did not fit and was cut',
  BR303: 'slides: one list item is taller than a whole slide and was cut',
  BR304: 'slides: a list did not fit on one slide at the body minimum and continues on follow-up slides',
  BR305: 'slides: items of a side list beside a chart did not fit and were left out',
  BR306: "slides: a slide's source line did not fit on two lines at the furniture minimum and was cut",
  BR307: 'slides: unknown slide kind, laid out as bullets',
  BR308: 'slides: the slide template made no slides; a title slide was made from the briefing title',
  BR309: 'slides: a key-figures slide, but the facts file lists no key figures',
  BR310: 'slides: a chart slide whose chart is missing or not named',
  BR311: 'print: the cover title did not fit the cover block at its smallest size, even wrapped, and was cut',
  BR312: 'print: a cover line, key-figure tile text, contents entry or running header was cut to fit',
  BR313: 'speaker notes: a heading or the notes of a slide did not fit the page and were cut',
  // BR350–BR369 layout limits
  // BR370–BR389 Chinese and bilingual layout
  // BR390–BR399 PPTX
  // BR400–BR449 charts
  // BR450–BR469 maps
  // BR500–BR549 command line and output
  // BR525–BR549 (package): optional PNG support, CLI conventions, configuration file
  BR525: 'PNG charts were asked for but the optional native package canvas is not installed',
  // BR550–BR599 e-mail
  // BR575–BR599 (package): e-mail preview and delivery headers
  BR575: 'the e-mail chart preview was left out because PNG support (canvas) is not installed; the HTML body describes the chart in text',
  // BR600–BR619 fonts and locales
  // BR620–BR649 translations
  // BR700–BR749 service
  // BR800–BR819 diff
};
