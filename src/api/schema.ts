// The facts format as JSON Schema, for faces that publish it (the service's /v1/schema).
export { briefingJsonSchema } from '../facts/json-schema.js';
