/**
 * `unified-id/interop`: stable, synchronous mappings of run IDs into the id shapes of tracing systems — a UUIDv7
 * (LangSmith), a W3C / OpenTelemetry trace id, OpenTelemetry GenAI span attributes. Zero dependencies, browser-safe.
 * The exact definitions are in docs/boundaries.md; `fixtures/vectors/interop.json` holds vectors for other languages.
 */
export { InteropError, type InteropErrorCode } from './errors';
export { MAX_UUID_V7_TIMESTAMP, toUuidV7 } from './uuid-v7';
export { traceIdOf } from './trace-id';
export { otelAttributes, type RunOtelAttributes } from './otel';
