/**
 * The historical run/thread ID API as data: which old function names play which role, which `unified-id` export
 * takes each role's place, and a cheap text test for "this module is a legacy ID module". Shared by the
 * `legacy-modules` rule (what to rewrite a call into), the config check (what a `map` may name) and the project-wide
 * provenance analysis (which calls produce or read this system's run IDs, which files are legacy modules).
 *
 * Plain data and string tests only: no TypeScript, no parsing, so it is cheap to load in every worker.
 */

/** What a function of a legacy ID module does, whatever it is called. */
export type LegacyRole =
  | 'generate'
  | 'generate-thread'
  | 'get-or-generate'
  | 'extract-thread'
  | 'validate'
  | 'parse'
  | 'pair'
  | 'legacy-check'
  | 'to-canonical'
  | 'test-ids';

/** An export of `unified-id` that a legacy function can be migrated to. */
export interface UnifiedExport {
  readonly name: string;
  readonly role: LegacyRole;
  /** `main`: `unified-id`; `testing`: `unified-id/testing`. */
  readonly entry: 'main' | 'testing';
}

const unifiedExports: readonly UnifiedExport[] = [
  { name: 'generateRunId', role: 'generate', entry: 'main' },
  { name: 'generateThreadId', role: 'generate-thread', entry: 'main' },
  { name: 'extractThreadId', role: 'extract-thread', entry: 'main' },
  { name: 'threadIdOf', role: 'extract-thread', entry: 'main' },
  { name: 'isRunId', role: 'validate', entry: 'main' },
  { name: 'isCanonicalRunId', role: 'validate', entry: 'main' },
  { name: 'isLegacyRunId', role: 'legacy-check', entry: 'main' },
  { name: 'parseRunId', role: 'parse', entry: 'main' },
  { name: 'validateIdPair', role: 'pair', entry: 'main' },
  { name: 'toCanonicalRunId', role: 'to-canonical', entry: 'main' },
  { name: 'createTestIds', role: 'test-ids', entry: 'testing' },
];

/** The `unified-id` exports a legacy name may be mapped to (config `map` values), by name. */
export const UNIFIED_EXPORTS: ReadonlyMap<string, UnifiedExport> = new Map(unifiedExports.map((target) => [target.name, target]));

/**
 * The export each role migrates to when the config names none. `get-or-generate` has no export of its own: it
 * becomes `runId ?? generateRunId(threadId)` when the legacy function is visibly that.
 */
export const DEFAULT_EXPORT: Readonly<Record<LegacyRole, string>> = {
  generate: 'generateRunId',
  'generate-thread': 'generateThreadId',
  'get-or-generate': 'generateRunId',
  'extract-thread': 'extractThreadId',
  validate: 'isRunId',
  parse: 'parseRunId',
  pair: 'validateIdPair',
  'legacy-check': 'isLegacyRunId',
  'to-canonical': 'toCanonicalRunId',
  'test-ids': 'createTestIds',
};

/** The historical names, camelCase; snake_case and `ID`-capitalised spellings are derived below. */
const camelNames: Readonly<Record<LegacyRole, readonly string[]>> = {
  generate: ['generateRunId', 'createRunId', 'newRunId', 'makeRunId'],
  'generate-thread': ['generateThreadId', 'createThreadId', 'newThreadId'],
  'get-or-generate': ['getOrGenerateRunId', 'getOrCreateRunId', 'ensureRunId'],
  'extract-thread': ['extractThreadId', 'extractThreadIdFromRunId', 'getThreadIdFromRunId', 'threadIdFromRunId'],
  validate: ['validateRunId', 'isValidRunId', 'validateRunIdFormat', 'isValidRunIdFormat', 'isRunId'],
  parse: ['parseRunId'],
  pair: ['validateIdPair', 'isValidIdPair'],
  'legacy-check': ['isLegacyRunId', 'isLegacyFormat', 'isLegacyRunIdFormat'],
  'to-canonical': ['toCanonical', 'toCanonicalRunId', 'migrateLegacyRunIdToStandard', 'migrateLegacyRunId', 'convertLegacyRunId'],
  'test-ids': ['createTestIds'],
};

/** `extractThreadIdFromRunId` → `extract_thread_id_from_run_id`. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `validateIdPair` → `validateIDPair` (`Id` as a whole word only). */
function capitalisedId(name: string): string {
  return name.replace(/Id(?=[A-Z]|$)/g, 'ID');
}

function spellings(name: string): readonly string[] {
  return [...new Set([name, snakeCase(name), capitalisedId(name)])];
}

/** Default old name → role; covers both spellings of the historical API (camelCase and snake_case), and `…ID…`. */
export const HISTORICAL_API: ReadonlyMap<string, LegacyRole> = new Map(
  (Object.entries(camelNames) as [LegacyRole, readonly string[]][]).flatMap(([role, names]) => names.flatMap((name) => spellings(name).map((spelling): [string, LegacyRole] => [spelling, role]))),
);

/**
 * Role of an exported name of a legacy module under a module's `map` (map entries win; a name mapped to a
 * unified-id export takes that export's role). `undefined`: not an ID function as far as the defaults and the map
 * know (a constant, a type, a helper), or mapped to something that is not a known export.
 */
export function legacyRoleOf(name: string, map?: Readonly<Record<string, string>>): LegacyRole | undefined {
  const mapped = map !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
  if (mapped !== undefined) return UNIFIED_EXPORTS.get(mapped)?.role;
  return HISTORICAL_API.get(name);
}

/** What a legacy name migrates to: its role and the unified export; `explicit` when the config's map chose it. */
export interface LegacyTarget {
  readonly role: LegacyRole;
  readonly target: UnifiedExport;
  readonly explicit: boolean;
}

/** `legacyRoleOf` plus the export that takes the name's place (the mapped one, else the role's default). */
export function legacyTargetOf(name: string, map?: Readonly<Record<string, string>>): LegacyTarget | undefined {
  const mapped = map !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
  if (mapped !== undefined) {
    const target = UNIFIED_EXPORTS.get(mapped);
    return target ? { role: target.role, target, explicit: true } : undefined;
  }
  const role = HISTORICAL_API.get(name);
  const target = role === undefined ? undefined : UNIFIED_EXPORTS.get(DEFAULT_EXPORT[role]);
  return role !== undefined && target ? { role, target, explicit: false } : undefined;
}

const namePattern = [...HISTORICAL_API.keys()].sort((a, b) => b.length - a.length).join('|');

/** Ways a module exports a name: declarations, export lists, CommonJS, statics of an exported class. */
const exportForms: readonly RegExp[] = [
  new RegExp(`\\bexport\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\s*\\*?|const|let|var)\\s*(?:${namePattern})\\b`),
  new RegExp(`\\bexport\\s*\\{[^}]*\\b(?:${namePattern})\\b[^}]*\\}`),
  new RegExp(`\\b(?:module\\.)?exports\\.(?:${namePattern})\\s*=`),
  new RegExp(`\\bmodule\\.exports\\s*=\\s*\\{[^}]*\\b(?:${namePattern})\\b`),
];
const exportedClass = /\bexport\s+(?:default\s+)?(?:abstract\s+)?class\b/;
const staticMember = new RegExp(`\\bstatic\\s+(?:readonly\\s+)?(?:async\\s+)?(?:${namePattern})\\s*[(=<:]`);

/** Run IDs built in a historical format: templates and concatenations. */
const formatForms: readonly RegExp[] = [
  // `run_${thread}_${hex8}`
  /`run_\$\{[^`]*?\}_\$\{/,
  // `thread_${thread}_run_${ms}_${hex8}`
  /`thread_\$\{[^`]*?\}_run_\$\{/,
  // 'run_' + thread + '_' + hex8
  /['"]run_['"]\s*\+[^;\n]*\+\s*['"]_['"]\s*\+/,
  // 'thread_' + thread + '_run_' + ms + '_' + hex8
  /['"]thread_['"]\s*\+[^;\n]*\+\s*['"]_run_['"]\s*\+/,
];
/** A prefix kept in a constant (`const PREFIX = 'run_'` … `${PREFIX}${thread}_${hex8}`). */
const prefixConstant = /['"`](?:run|thread)_['"`]/;
const prefixedTemplate = /\$\{\s*[A-Za-z_$][\w$.]*\s*\}\$\{[^`}]+\}(?:_run)?_\$\{/;

function exportsHistoricalName(text: string): boolean {
  if (exportForms.some((form) => form.test(text))) return true;
  return exportedClass.test(text) && staticMember.test(text);
}

function buildsHistoricalIds(text: string): boolean {
  if (formatForms.some((form) => form.test(text))) return true;
  return prefixConstant.test(text) && prefixedTemplate.test(text);
}

/**
 * True when a module's text looks like a legacy ID module: it exports ≥1 name of HISTORICAL_API and builds ids in
 * a historical format (`run_${…}_${…}` / `thread_${…}_run_${…}` templates or concatenations). Text only, no
 * parse: cheap, runs on every file.
 */
export function looksLikeLegacyModule(text: string): boolean {
  // Both formats contain `run_`; most files do not, and leave after one scan.
  if (!text.includes('run_')) return false;
  return buildsHistoricalIds(text) && exportsHistoricalName(text);
}
