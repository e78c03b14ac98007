// Composing the .eml around a built briefing, for faces that answer with one (the service).
// The delivery helper is the library's own (also exported from src/index.ts); re-exported
// here so that a face reaches it through the api.
export { addresses, composeEml, type ComposeInput } from '../delivery/email.js';
