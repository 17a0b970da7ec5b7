/**
 * Process-wide state, shared by every copy of this package loaded in one process (its ESM and CommonJS
 * builds side by side, or a bundle beside a dependency's copy): parse-failure counts and listeners are seen
 * by all callers whichever copy parsed, and one default generator keeps `generateRunId` monotonic across
 * them. It lives on `globalThis` under a registered symbol; the version in the key keeps a future copy with
 * another layout apart. Created on first use, so importing the package has no side effect.
 */
import type { RunIdError, RunIdErrorCode } from './errors';
import type { RunIdGenerator } from './generator';

export type ParseFailureListener = (error: RunIdError) => void;

export interface SharedState {
  readonly listeners: Set<ParseFailureListener>;
  readonly counts: Map<RunIdErrorCode, number>;
  defaultGenerator?: RunIdGenerator;
}

const KEY = /* @__PURE__ */ Symbol.for('unified-id.state.v1');

export function sharedState(): SharedState {
  const global = globalThis as { [KEY]?: SharedState };
  return (global[KEY] ??= { listeners: new Set(), counts: new Map() });
}
