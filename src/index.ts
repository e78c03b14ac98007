// Public library API.
export { buildBriefing, briefingId, documentDate, OUTPUT_FILES, type BuildOptions, type BuildResult, type Format, type Manifest, type OutputInfo } from './api/index.js';
export { BriefingInputError, formatDiagnostic, type Diagnostic } from './diagnostics/index.js';
export { loadFacts, factsFromObject, BriefingDocument, type Facts, type ResolvedFact } from './facts/index.js';
