/**
 * What a name says about the value stored under it: a run ID carrier (`run_id`, `runId`, `TEST_RUN_ID`,
 * `RUN_IDS`, `parentRunId`, `RUN_ID_A`), a thread ID carrier, a value that is invalid or foreign on purpose
 * (`INVALID_RUN_ID`, `vendorRunId`), or something else. Also the names of functions the analysis treats apart:
 * ID validators, test blocks, factories.
 */
import { soundsInvalid, wordsOf } from '../../../analysis/words';
import type { RuleOptions } from '../../../rule';

export { soundsInvalid, wordsOf };

export type NameRole = 'run' | 'thread' | 'excluded' | 'neutral' | 'other';

/** Words that say a carrier holds a value that is not a valid ID of this system on purpose. */
const EXCLUDING_WORDS: ReadonlySet<string> = new Set([
  'invalid', 'bad', 'malformed', 'wrong', 'bogus', 'broken', 'illegal', 'garbage', 'corrupt', 'corrupted', 'not', 'foreign', 'vendor', 'external',
]);

/** Field names that say nothing about the value (a run record's `id`, a table's `expected`): neither ID nor non-ID. */
const NEUTRAL_NAMES: ReadonlySet<string> = new Set(['id', 'ids', 'key', 'value', 'values', 'expected', 'actual', 'input', 'want', 'got', 'default']);

/** Names of references to a record (`run`, `parent` in a DTO): an ID may sit there under another name. */
const REFERENCE_NAMES: ReadonlySet<string> = new Set(['run', 'thread', 'parent', 'child', 'source', 'target', 'origin', 'root', 'previous', 'prev', 'next']);
/** Last words of names of other identifiers (`turnId`, `traceRef`): the value is some ID, not a word. */
const REFERENCE_LAST_WORDS: ReadonlySet<string> = new Set(['id', 'ids', 'ref', 'refs', 'key', 'keys']);

/** Words before `run_id` that name another run than the record's own (`parent_run_id`): its thread may differ. */
const RELATED_WORDS: ReadonlySet<string> = new Set([
  'parent', 'child', 'previous', 'prev', 'next', 'source', 'target', 'origin', 'root', 'other', 'related', 'upstream', 'downstream', 'sub',
  'forked', 'retried', 'replayed', 'linked', 'caller', 'callee',
]);

/**
 * Functions that judge an ID (the codec's, and the usual names of a codebase's own): a literal handed to one of
 * them is probably a test of that judgement (`expect(isRunId('run-abc')).toBe(false)`), which a rewrite would flip.
 */
export const VALIDATOR_NAMES: ReadonlySet<string> = new Set([
  'isRunId', 'isCanonicalRunId', 'isLegacyRunId', 'isThreadId', 'isValidRunId', 'isValidThreadId', 'parseRunId', 'safeParseRunId',
  'extractThreadId', 'extractThreadIdFromRunId', 'threadIdOf', 'validateIdPair', 'validateRunId', 'validateRunIdFormat', 'validateThreadId',
  'toCanonicalRunId', 'migrateLegacyRunIdToStandard', 'normalizeThreadId', 'compareRunIds', 'is_run_id', 'parse_run_id', 'extract_thread_id',
  'validate_id_pair', 'validate_run_id',
]);

/** Calls whose function argument is one test (`it('…', () => …)`): the scope of an HTTP 4xx or `ok: false` expectation. */
export const TEST_BLOCK_NAMES: ReadonlySet<string> = new Set(['it', 'test', 'specify']);

/** Calls whose first string argument is a title, not data. */
export const TITLE_CALL_NAMES: ReadonlySet<string> = new Set(['it', 'test', 'specify', 'describe', 'suite', 'context', 'bench']);

/** Test titles that say the test is about a rejection or an unreadable ID (`'drops an event whose run ID names no thread'`). */
const REJECTING_TITLE =
  /\b(?:invalid|unreadable|malformed|bad|garbage|bogus|broken|corrupt\w*|wrong|reject\w*|refus\w*|unparseable|illegal|names no|no thread|without a thread|not an? (?:id|run|thread))\b/i;

export function titleExpectsRejection(title: string): boolean {
  return REJECTING_TITLE.test(title);
}

const ID_WORDS: ReadonlySet<string> = new Set(['id', 'ids']);
const JOINED: Readonly<Record<string, 'run' | 'thread'>> = { runid: 'run', runids: 'run', threadid: 'thread', threadids: 'thread' };

/** `run`/`thread` + `id(s)`, optionally followed by one letter or a number (`RUN_ID_A`, `runId2`), at the end of the name. */
function carrierOf(words: readonly string[]): 'run' | 'thread' | undefined {
  for (let k = words.length - 1; k >= 0; k--) {
    const word = words[k] as string;
    let kind: 'run' | 'thread' | undefined;
    let tail: number;
    if ((word === 'run' || word === 'thread') && ID_WORDS.has(words[k + 1] ?? '')) {
      kind = word;
      tail = k + 2;
    } else if (JOINED[word] !== undefined) {
      kind = JOINED[word];
      tail = k + 1;
    } else continue;
    const rest = words.slice(tail);
    if (rest.length === 0 || (rest.length === 1 && /^(?:[a-z]|\d+)$/.test(rest[0] as string))) return kind;
    return undefined;
  }
  return undefined;
}

export class CarrierNames {
  private static readonly shared = new WeakMap<object, CarrierNames>();

  /** One instance (and cache) per options object: every file of a run shares it. */
  static for(options: Pick<RuleOptions, 'runIdNames' | 'threadIdNames'>): CarrierNames {
    let names = CarrierNames.shared.get(options);
    if (!names) {
      names = new CarrierNames(options);
      CarrierNames.shared.set(options, names);
    }
    return names;
  }

  private readonly runNames: ReadonlySet<string>;
  private readonly threadNames: ReadonlySet<string>;
  private readonly cache = new Map<string, NameRole>();

  constructor(options: Pick<RuleOptions, 'runIdNames' | 'threadIdNames'>) {
    this.runNames = new Set(options.runIdNames);
    this.threadNames = new Set(options.threadIdNames);
  }

  roleOf(name: string): NameRole {
    let role = this.cache.get(name);
    if (role === undefined) {
      role = this.compute(name);
      this.cache.set(name, role);
    }
    return role;
  }

  private compute(name: string): NameRole {
    if (this.runNames.has(name)) return 'run';
    if (this.threadNames.has(name)) return 'thread';
    if (NEUTRAL_NAMES.has(name)) return 'neutral';
    const words = wordsOf(name);
    const carrier = carrierOf(words);
    if (carrier === undefined) {
      const last = words[words.length - 1] ?? '';
      return REFERENCE_NAMES.has(words.join('_')) || REFERENCE_LAST_WORDS.has(last) ? 'neutral' : 'other';
    }
    return words.some((word) => EXCLUDING_WORDS.has(word)) ? 'excluded' : carrier;
  }

  /** A run carrier naming another run than its record's (`parent_run_id`, `previousRunId`): not paired with the record's thread. */
  isRelatedRun(name: string): boolean {
    if (this.runNames.has(name)) return false;
    return wordsOf(name).some((word) => RELATED_WORDS.has(word));
  }
}

/**
 * Functions that build test data (`makeEvent`, `createRun`, `aRun`, `eventFactory`): a run ID handed to one without
 * a thread takes the thread the function supplies, which the analysis must see to pair them.
 */
export function isFactoryName(name: string): boolean {
  return /^(?:make|create|build|fake|mock|stub|new|fixture|sample|an?)(?:[A-Z0-9_]|$)/.test(name) || /(?:Factory|Fixture|Builder)$/.test(name);
}
