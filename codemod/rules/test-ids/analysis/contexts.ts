/**
 * Where a literal sits, beyond its slot: a test title, a module specifier, an inline snapshot, an argument of an ID
 * validator, or inside a test that expects something to be rejected (`toThrow`, `rejects`, an HTTP 4xx, `ok: false`,
 * `success: false`) — directly, or through a variable that only such tests read.
 */
import { TEST_BLOCK_NAMES, TITLE_CALL_NAMES, VALIDATOR_NAMES, titleExpectsRejection } from './names';
import type { Outline } from './outline';
import type { SlotIndex } from './slots';
import type { Token } from './tokens';

const REJECTING_MATCHERS = new Set([
  'toThrow', 'toThrowError', 'toThrowErrorMatchingSnapshot', 'toThrowErrorMatchingInlineSnapshot', 'rejects', 'throws', 'toReject',
  'toBeRejected', 'toBeRejectedWith', 'rejectedWith', 'toRejectWith',
]);
const STATUS_CALLS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'expect', 'toHaveStatus', 'toHaveHTTPStatus', 'status', 'sendStatus']);
const STATUS_KEYS = new Set(['status', 'statusCode']);
const OUTCOME_KEYS = new Set(['ok', 'success', 'valid', 'isValid']);
const EQUALITY_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual']);
/** Modifiers of a test call that keep it a test (`it.only`, `test.concurrent.skip`, `it.each(…)(…)`). */
const TEST_MODIFIERS = new Set(['only', 'skip', 'concurrent', 'sequential', 'todo', 'fails', 'each', 'skipIf', 'runIf']);

export class LiteralContexts {
  /** String tokens that are titles of tests and suites. */
  readonly titles = new Set<number>();
  /** String tokens that name modules (`from 'x'`, `require('x')`, `import('x')`). */
  readonly moduleSpecifiers = new Set<number>();
  /** String and template tokens that are arguments of `toMatchInlineSnapshot(…)`-style calls. */
  readonly inlineSnapshots = new Set<number>();
  /** Texts handed to an ID validator (`isRunId('run-abc')`), with the first such token. */
  readonly validatorInputs = new Map<string, number>();
  /** `it.each(…)` / `test.each(…)` / `describe.each(…)`: the table's call group → the call group of the test. */
  readonly eachTables = new Map<number, number>();
  private readonly rejectingGroups = new Set<number>();
  private readonly groupRejects: Int8Array;
  private readonly rejectedRanges: [number, number][] = [];

  constructor(
    private readonly outline: Outline,
    private readonly slots: SlotIndex,
  ) {
    this.groupRejects = new Int8Array(outline.groups.length);
    this.scanSpecifiers();
    this.scanCalls();
    this.scanRejectedDeclarations();
  }

  /** True when token `i` sits in a test that expects a rejection, or in a variable only such tests read. */
  inRejection(i: number): boolean {
    if (this.groupInRejection(this.outline.groupOf[i] as number)) return true;
    return this.rejectedRanges.some(([start, end]) => i >= start && i < end);
  }

  /** True when group `g` is (or is inside) a test that expects a rejection. */
  groupInRejection(g: number): boolean {
    const cached = this.groupRejects[g];
    if (cached !== undefined && cached !== 0) return cached === 1;
    let result = false;
    for (let up = g; up >= 0; up = this.outline.group(up).parent) {
      if (this.rejectingGroups.has(up)) {
        result = true;
        break;
      }
    }
    this.groupRejects[g] = result ? 1 : 2;
    return result;
  }

  private scanSpecifiers(): void {
    const outline = this.outline;
    outline.tokens.forEach((token, i) => {
      if (token.kind !== 'string') return;
      if (outline.isIdent(i - 1, 'from') || outline.isIdent(i - 1, 'import') || outline.isIdent(i - 1, 'module')) this.moduleSpecifiers.add(i);
    });
  }

  private scanCalls(): void {
    const outline = this.outline;
    for (let g = 1; g < outline.groups.length; g++) {
      const group = outline.group(g);
      if (group.role !== 'call') continue;
      const items = outline.items(g);
      const first = items[0];
      const firstToken = first && first[1] - first[0] === 1 ? outline.token(first[0]) : undefined;
      const firstIsText = firstToken !== undefined && (firstToken.kind === 'string' || firstToken.kind === 'template');
      const callee = group.callee;
      if ((callee === 'require' || callee === 'import') && firstIsText && first) this.moduleSpecifiers.add(first[0]);
      if (VALIDATOR_NAMES.has(callee)) for (const [start, end] of items) if (end - start === 1) this.validatorInput(start, g);
      if (callee.endsWith('InlineSnapshot')) for (const [start, end] of items) if (end - start === 1) this.inlineSnapshots.add(start);
      const chain = outline.chain(g);
      const root = chain[chain.length - 1];
      if (root === undefined || !chain.slice(0, -1).every((name) => TEST_MODIFIERS.has(name))) continue;
      const callOfCall = outline.is(group.open - 1, ')');
      if (chain[0] === 'each' && !callOfCall) {
        // The table of `it.each(table)(title, fn)`: its test is the call right after it.
        const test = outline.opened[group.close + 1];
        if (test !== undefined && test >= 0) this.eachTables.set(g, test);
        continue;
      }
      if (TITLE_CALL_NAMES.has(root) && firstIsText && first) this.titles.add(first[0]);
      if (!TEST_BLOCK_NAMES.has(root)) continue;
      // The test's expectations say what it rejects; without any, a title about a rejection or an unreadable ID
      // (`'drops an event whose run ID names no thread'`) says all its input is rejected on purpose.
      const before = this.rejectingGroups.size;
      this.scanRejections(g);
      if (this.rejectingGroups.size === before && firstIsText && firstToken && titleExpectsRejection(firstToken.value)) this.rejectingGroups.add(g);
    }
  }

  /** `isRunId('run-abc')`, or `isRunId(run_id)` where `const run_id = 'run-abc'`: the literal is a validator's input. */
  private validatorInput(argument: number, call: number): void {
    const outline = this.outline;
    const token = outline.token(argument);
    if (!token) return;
    let literal = -1;
    if (token.kind === 'string' || token.kind === 'template') literal = argument;
    else if (token.kind === 'ident') {
      const leaf = this.slots.resolve(token.value, call)?.leaves?.[0];
      if (leaf && leaf.kind === 'literal') literal = leaf.token;
    }
    const value = outline.token(literal)?.value;
    if (value !== undefined && !this.validatorInputs.has(value)) this.validatorInputs.set(value, literal);
  }

  /**
   * The rejection expectations of test `g`: what `expect(…)` (or `assert.throws(…)`) is expected to throw or reject is
   * rejected; an HTTP 4xx or failed outcome anywhere in the test rejects the whole test's input.
   */
  private scanRejections(g: number): void {
    const outline = this.outline;
    const { open, close } = outline.group(g);
    for (let i = open + 1; i < close; i++) {
      const token = outline.token(i) as Token;
      if (token.kind === 'ident') {
        if (REJECTING_MATCHERS.has(token.value) && !(outline.is(i - 1, '.') && outline.isIdent(i - 2, 'not'))) {
          const expression = this.rejectedExpression(i);
          if (expression >= 0) this.rejectingGroups.add(expression);
        } else if (token.value === 'false' && this.isFailedOutcome(i)) this.rejectingGroups.add(g);
        else if (token.value === 'toBeFalsy' && outline.is(i - 1, '.') && outline.is(i - 2, ')') && OUTCOME_KEYS.has(outline.token(i - 3)?.value ?? '')) this.rejectingGroups.add(g);
      } else if (token.kind === 'number' && this.isClientErrorStatus(i, token.value)) this.rejectingGroups.add(g);
    }
  }

  /**
   * The arguments a rejecting matcher at `matcher` judges: `expect(ARGS).toThrow()`, `expect(ARGS).rejects…`,
   * `assert.throws(ARGS)`; -1 when none is found.
   */
  private rejectedExpression(matcher: number): number {
    const outline = this.outline;
    const own = outline.opened[matcher + 1];
    if (own !== undefined && own >= 0 && (outline.is(matcher - 1, '.') && !outline.is(matcher - 2, ')') && !outline.isIdent(matcher - 2, 'rejects'))) return own;
    let i = matcher - 1;
    for (let guard = 0; guard < 16 && outline.is(i, '.'); guard++) {
      i--;
      if (outline.isIdent(i)) {
        i--;
        continue;
      }
      const closed = outline.closed[i];
      if (closed === undefined || closed < 0) return -1;
      if (outline.group(closed).callee === 'expect') return closed;
      i = outline.group(closed).open - 1;
      if (outline.isIdent(i)) i--;
    }
    return -1;
  }

  /** `ok: false`, `success: false`, `expect(x.ok).toBe(false)`. */
  private isFailedOutcome(i: number): boolean {
    const outline = this.outline;
    if (outline.is(i - 1, ':')) return OUTCOME_KEYS.has(outline.token(i - 2)?.value ?? '');
    return (
      outline.is(i - 1, '(') &&
      EQUALITY_MATCHERS.has(outline.token(i - 2)?.value ?? '') &&
      outline.is(i - 3, '.') &&
      outline.is(i - 4, ')') &&
      OUTCOME_KEYS.has(outline.token(i - 5)?.value ?? '')
    );
  }

  /** `toBe(404)`, `.expect(400)`, `status: 422`, `toHaveProperty('status', 400)`. */
  private isClientErrorStatus(i: number, text: string): boolean {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 400 || value > 499) return false;
    const outline = this.outline;
    const before = outline.token(i - 2)?.value ?? '';
    if (outline.is(i - 1, '(')) return STATUS_CALLS.has(before);
    if (outline.is(i - 1, ':')) return STATUS_KEYS.has(before);
    if (outline.is(i - 1, ',')) return STATUS_KEYS.has(before);
    return false;
  }

  /** Values of variables that only rejection tests read (`const bad = { run_id: 'x' }` used in `expect(…).toThrow()`). */
  private scanRejectedDeclarations(): void {
    if (this.rejectingGroups.size === 0) return;
    const declarations = this.slots.declarationList;
    const outline = this.outline;
    const uses = new Map<string, number[]>();
    const wanted = new Set(declarations.filter((declaration) => declaration.valueEnd > declaration.valueStart).map((declaration) => declaration.name));
    outline.tokens.forEach((token, i) => {
      if (token.kind !== 'ident' || !wanted.has(token.value) || outline.is(i - 1, '.') || outline.is(i - 1, '?.')) return;
      const list = uses.get(token.value);
      if (list) list.push(i);
      else uses.set(token.value, [i]);
    });
    for (const declaration of declarations) {
      if (declaration.valueEnd <= declaration.valueStart) continue;
      const reads = (uses.get(declaration.name) ?? []).filter((i) => i !== declaration.token && (i < declaration.valueStart || i >= declaration.valueEnd));
      if (reads.length > 0 && reads.every((i) => this.groupInRejection(outline.groupOf[i] as number))) {
        this.rejectedRanges.push([declaration.valueStart, declaration.valueEnd]);
      }
    }
  }
}
