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
//   BR800–BR819  diff
//   BR820–BR839  changes since an earlier edition (build --changes-since)

export const CODES: Readonly<Record<string, string>> = {
  // BR100–BR169 facts
  BR100: 'the facts file cannot be read (missing, not a file, unreadable)',
  BR101: 'the facts file is bigger than the size limit',
  BR102: 'the facts file is binary (it contains a NUL byte)',
  BR103: 'the facts file is not UTF-8 text',
  BR104: 'the facts file is empty',
  BR105: 'YAML or JSON syntax error (including unclosed brackets and quotes)',
  BR106: 'tabs used for indentation',
  BR107: 'the document nests too deep',
  BR108: 'duplicate key or id',
  BR109: 'a YAML alias names no anchor, or sits inside its own anchor',
  BR110: 'YAML aliases expand the document too far (alias bomb)',
  BR111: 'more than one YAML document in the file',
  BR112: 'keys must be plain text, not lists or maps',
  BR113: 'the parsed document cannot be read',
  BR115: 'the top level is not a map of meta, sources and facts',
  BR116: 'unknown key',
  BR117: 'missing required key',
  BR118: 'a value of the wrong type',
  BR119: 'a value that is not one of the allowed choices',
  BR120: 'an id that breaks the id rule',
  BR121: 'a value that breaks a format rule (date, currency code, URL, locale, id)',
  BR122: 'a number or list out of its allowed range',
  BR123: 'a rule over a whole entry is broken (e.g. an event needs date, or start and end)',
  BR125: 'a source document path is refused (remote, absolute, or outside the facts folder)',
  BR126: 'a source document cannot be read (missing, a folder, too big, unreadable)',
  BR130: 'unknown reference to a source, fact, event, person, organisation or place',
  BR131: 'a derived fact reuses the id of a fact',
  BR132: 'a quote is not found in its source text',
  BR133: "a source's quoted passage is not found in the source text",
  BR134: 'a source is never cited',
  BR135: 'an event ends before it starts',
  BR136: 'an event dated after the briefing date is not marked planned',
  BR137: 'a chart annotation is not a percent fact',
  BR138: 'a timeline chart has no events',
  BR139: 'a chart has no facts',
  BR140: 'a chart mixes units',
  BR141: 'the rate of an equivalence is not a ratio fact',
  BR142: 'two figures stated as equivalent disagree at the declared rate',
  BR145: 'a formula cannot be read',
  BR146: 'a formula names an unknown fact',
  BR147: 'formulas form a cycle',
  BR148: 'a formula cannot be evaluated (division by zero, not finite)',
  BR149: 'checks skipped because of other errors: says which entries or checks (warning)',
  BR150: "a fact's value does not match the figure in its quote",
  BR151: "a fact's unit does not match the figure in its quote",
  BR152: "a fact's scale does not match the figure in its quote",
  BR153: "a fact's qualifier does not match the figure in its quote",
  BR154: "a fact's quote holds no figure written in digits (and the fact has no figureOptOut)",
  BR155: 'a figureOptOut on a fact whose quote writes the figure in digits',
  BR160: 'a derived formula adds or subtracts figures in different units',
  BR161: "a derived formula's result is not in the unit the fact declares",
  BR162: 'a derived fact converts between currencies without a sourced rate fact',
  BR163: "a derived value is lost to its scale and rounding (e.g. 0.0138 billion shown as 0.01)",
  BR164: 'a bound ("more than", "up to") of an input is lost in a derived fact, printed as approximately (warning)',
  // BR170–BR199 facts: hostile input
  BR170: 'the facts file is UTF-16 (or UTF-32) text; save it as UTF-8',
  BR171: 'a YAML tag (!!binary, !!timestamp, a custom !tag) that a facts file may not use',
  BR172: 'a `__proto__`, `constructor` or `prototype` key, refused rather than dropped',
  BR173: 'a library input that is not plain data: a Date, Map, Set, class instance, function, symbol or bigint',
  BR174: 'a library input whose property access throws (a getter or Proxy), or that is cyclic',
  BR175: 'a library input object larger than the size bound',
  BR176: 'a text longer than its limit (title, label, quote, prose)',
  BR177: 'more facts, events, entities, sources, charts or key figures than the limit',
  BR178: 'a formula longer than its limit',
  BR179: 'a date before the year 1000 or after 9999',
  // BR200–BR249 templates and narrative
  BR200: 'a main template is missing from the template set',
  BR201: 'template syntax error',
  BR202: 'a template names an unknown fact, source, entity, person, event or chart',
  BR203: 'a template names an unknown slide kind',
  BR204: 'a template names a missing partial',
  BR205: 'a block helper used without a block',
  BR206: 'a template calls an unknown helper',
  BR207: 'a qualifier typed before {{fact}}, which prints its own',
  BR208: 'a figure typed into template prose instead of {{fact}}',
  BR209: 'a template fails while rendering',
  BR210: 'a fact is not used by any template, chart or key figure',
  BR211: 'an e-mail template is missing',
  BR212: 'an e-mail template fails while rendering',
  // BR250–BR279 templates: confinement and limits
  BR250: 'a template file that resolves (through a link) outside its templates folder, or is not a file',
  BR251: 'the --templates folder does not exist or is not a folder',
  BR252: 'meta.templates names a template set that does not exist',
  BR253: 'partials nested too deep at render time (a partial including itself)',
  BR254: 'a dynamic partial {{> (…)}}, which no static check can follow',
  BR255: 'a template file larger than the limit',
  BR256: 'the templates produce more text than the limit',
  // BR280–BR299 Markdown and authoring
  BR280: 'Markdown prose uses a construct a briefing cannot print (table, code, image, HTML, rule in print, nested list)',
  BR281: 'Markdown directive unknown, misplaced or malformed ("::: name")',
  BR282: 'Markdown "::: chart" names a chart the facts file does not have',
  BR283: 'Markdown prose uses template code where Markdown has a form of its own (block helpers, partials)',
  BR284: 'Markdown slide structure: two headings or directives on one slide, or "---" read as a heading',
  BR285: 'Markdown numbered list printed as a bulleted list',
  BR287: 'meta.prose names a Markdown file that is missing, not Markdown, too big or outside the facts folder',
  BR288: 'Markdown quotation with more than one paragraph',
  BR290: 'init: the target folder is not empty (or is a file); nothing is written',
  BR291: 'draft: the source text cannot be read (missing, not a file, too big, not UTF-8)',
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
  BR312: 'print: a cover line, key-figure tile text, contents entry, running header or page footer was cut to fit',
  BR313: 'speaker notes: a heading or the notes of a slide did not fit the page and were cut',
  // BR350–BR369 layout limits
  BR350: 'a document with more pages than the limit',
  // BR370–BR389 Chinese and bilingual layout
  // BR390–BR399 PPTX
  // BR400–BR449 charts
  BR400: 'a chart that cannot be drawn honestly: a value not finite or beyond ±10^15 in its unit, a date that is not a calendar date, an event ending before it starts, a map with no place',
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
  BR500: 'an output file is over the --max-bytes budget; nothing was written',
  BR501: 'the e-mail could not be sent (refused, or a connection, greeting or socket timeout)',
  BR502: 'internal error while building (a bug; run with --debug for the stack)',
  BR503: 'usage error: a command, option or argument the command line does not take (exit 2)',
  // BR510–BR524 (hardening): output ids, confined and atomic output sets, locks, time limits
  BR510: 'the facts file name cannot become an output folder name (.., hidden, reserved, control characters, too long)',
  BR511: 'an output path would leave --out',
  BR512: 'the output folder is read-only',
  BR513: 'the output folder, or a folder above it, is a file',
  BR514: 'the output folder holds files this tool did not write, so it is not replaced',
  BR515: 'another build of the same id held the lock for too long',
  BR517: 'a file took longer than --timeout to build and was stopped',
  BR518: 'SOURCE_DATE_EPOCH is not a whole number of seconds for a date in the years 1000–9999',
  BR519: '-o FILE names a folder, a device, pipe or socket, or the facts file itself (exit 2)',
  BR520: 'a file needed more memory than --max-memory to build and was stopped',
  // BR525–BR549 (package): optional PNG support, CLI conventions, configuration file
  BR525: 'PNG charts were asked for but the optional native package canvas is not installed',
  BR526: 'the config file (briefing.config.yaml, package.json#briefing or --config) cannot be read or has an unknown key or a wrong value (exit 2)',
  // BR550–BR599 e-mail
  // BR550–BR574 (hardening): addresses, header inputs, the SMTP URL and timeouts
  BR550: 'an e-mail address (--from, --to) that does not parse, or too many',
  BR551: 'CR, LF, NUL or another control character in an e-mail header input',
  BR552: 'a malformed --smtp URL',
  BR554: 'a malformed --smtp-timeout',
  // BR575–BR599 (package): e-mail preview and delivery headers
  BR575: 'the e-mail chart preview was left out because PNG support (canvas) is not installed; the HTML body describes the chart in text',
  // BR600–BR619 fonts and locales
  BR600: 'a character no font of the build can draw (it would print as an empty box)',
  BR601: 'a locale the tool does not print correctly (not in the supported list)',
  // BR620–BR649 translations
  BR620: 'a printed field has no text in the language of the edition being built',
  BR621: "a person's name in another language does not say whether it is sourced or an editorial rendering",
  BR622: 'an edition in another language found no template written in that language',
  BR623: "a bilingual edition's two languages do not align (different sections or slides)",
  BR624: "a topic of the default briefing has no text in the edition's language; its section is headed from translated fields",
  // BR700–BR749 service
  BR700: 'the request body is not a facts document the service can read (media type, JSON envelope or multipart parts)',
  BR701: 'a source document named in the facts has no inline text (in the request, or the api sources option); no file is read',
  BR702: 'a request parameter is invalid (format, formats, paper, locale, e-mail addresses)',
  BR703: 'the request body is over the size limit',
  BR704: 'the build queue is full; retry after the Retry-After seconds',
  BR705: 'the build took longer than the per-build timeout and was stopped',
  BR706: 'the build failed inside its worker (a crash or an internal error); other builds are unaffected',
  BR707: 'missing or wrong bearer token',
  BR708: 'the server is shutting down and takes no new builds',
  BR709: 'no job with that id (unknown, or expired)',
  BR710: 'the job has no result to download yet, or it failed',
  BR711: 'the build needed more memory than the per-build limit (--max-memory) and was stopped; other builds are unaffected',
  // BR800–BR819 diff
  // BR820–BR839 changes since an earlier edition (build --changes-since)
  BR820: 'the earlier edition given to --changes-since cannot be read or is not valid (its own problems follow); nothing was written',
  BR821: 'the earlier edition shares no fact id with the briefing: it is an edition of another briefing; nothing was written',
};
