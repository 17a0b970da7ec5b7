/**
 * Rule `test-ids`: in test files, hardcoded run-ID literals of old or invalid shapes (`'test-run'`, `'run-abc'`,
 * legacy `'run_user_1a2b3c4d'`) become canonical run IDs paired with the thread beside them, invalid thread
 * literals (`'thread 1'`) become valid thread ids, and every equal literal in the file follows, so comparisons
 * keep holding. Syntax only: no type checker.
 */
import type { ts } from 'ts-morph';
import { isCanonicalRunId, isLegacyRunId, isThreadId, toCanonicalRunId, validateIdPair } from '../../src/index';
import type { Rule, RuleContext, RuleResult, RuleWarning, TextEdit } from '../rule';
import { isTestFile } from '../test-files';
import { TEST_IDS_DEFAULT_THREAD, replacementRunId, sanitizeThreadId } from './test-ids/replacements';
import { FileSyntax, ThreadEvidence } from './test-ids/syntax';
import type { NamedValue, TextLiteral } from './test-ids/syntax';

export { TEST_IDS_DEFAULT_THREAD, TEST_IDS_TIMESTAMP, replacementRunId, sanitizeThreadId } from './test-ids/replacements';

/**
 * One literal text the rule replaced in a file, and what with. The rule's per-file `data` is
 * `{ replacements: TestIdReplacement[] }`, sorted by original (absent when nothing was replaced); the runner lists
 * the snapshot files that still contain an `original`, so the user knows which snapshots to update.
 */
export interface TestIdReplacement {
  readonly kind: 'run' | 'thread';
  readonly original: string;
  readonly replacement: string;
}

/**
 * Functions that judge an ID (the codec's, and the usual names of a codebase's own): a literal handed to one of
 * them is probably a test of that judgement (`expect(isRunId('run-abc')).toBe(false)`), which a rewrite would flip.
 */
const VALIDATOR_NAMES = new Set([
  'isRunId',
  'isCanonicalRunId',
  'isLegacyRunId',
  'isThreadId',
  'parseRunId',
  'safeParseRunId',
  'extractThreadId',
  'threadIdOf',
  'validateIdPair',
  'validateRunId',
  'validateThreadId',
  'toCanonicalRunId',
  'normalizeThreadId',
  'compareRunIds',
  'is_run_id',
  'parse_run_id',
  'extract_thread_id',
  'validate_id_pair',
  'validate_run_id',
]);

/** Names like `parentRunId` or `expected_thread_id`: IDs, but not the ones the options name. */
const ID_LIKE_NAME = /(?:run|thread)_?ids?$/i;

type Role = 'run' | 'thread' | 'id-like' | 'other';

interface RunOccurrence {
  readonly literal: TextLiteral;
  /** Threads beside it: same object literal, same call's arguments, same JSX element, same parameter list. */
  readonly pairedThreads: ThreadEvidence;
  /** Threads of the nearest enclosing scope that declares a thread variable. */
  readonly scopeThreads: ThreadEvidence;
}

export const testIdsRule: Rule = {
  name: 'test-ids',
  description: 'In test files, replaces hardcoded run IDs of old shapes with canonical IDs paired with their thread',
  needsTypes: false,
  mayMatch(text, file) {
    const { runIdNames, threadIdNames, testFilePatterns } = file.options;
    const mentionsIds = runIdNames.some((name) => text.includes(name)) || threadIdNames.some((name) => text.includes(name));
    return mentionsIds && isTestFile(file.relativePath, testFilePatterns);
  },
  apply(context) {
    return new TestIdsPass(context).run();
  },
};

/** One application of the rule to one file. */
class TestIdsPass {
  private readonly syntax: FileSyntax;
  private readonly runNames: ReadonlySet<string>;
  private readonly threadNames: ReadonlySet<string>;
  private readonly warnings: RuleWarning[] = [];
  /** Non-canonical run-ID literals, by text. */
  private readonly runOccurrences = new Map<string, RunOccurrence[]>();
  /** Invalid thread-ID literals, by text. */
  private readonly invalidThreads = new Map<string, TextLiteral[]>();
  private readonly runSlotTexts = new Set<string>();
  private readonly threadSlotTexts = new Set<string>();
  /** Texts stored in a field whose name is no ID, with the first such use. */
  private readonly nonIdUses = new Map<string, TextLiteral>();
  /** Texts handed to an ID validator (`isRunId('run-abc')`), with the first such use. */
  private readonly validatorInputs = new Map<string, TextLiteral>();
  /** Literals of `toMatchInlineSnapshot(…)`-style calls: they hold IDs inside longer text. */
  private readonly inlineSnapshots: TextLiteral[] = [];
  private readonly threadReplacements = new Map<string, string>();
  private readonly runReplacements = new Map<string, string>();

  constructor(private readonly context: RuleContext) {
    this.syntax = new FileSyntax(context.ts, context.sourceFile, context.options.importFrom);
    this.runNames = new Set(context.options.runIdNames);
    this.threadNames = new Set(context.options.threadIdNames);
  }

  run(): RuleResult {
    this.collect();
    this.mapThreads();
    this.mapRuns();
    this.checkInlineSnapshots();
    return this.result();
  }

  private roleOf(name: string): Role {
    if (this.runNames.has(name)) return 'run';
    if (this.threadNames.has(name)) return 'thread';
    return ID_LIKE_NAME.test(name) ? 'id-like' : 'other';
  }

  private collect(): void {
    const api = this.context.ts;
    for (const literal of this.syntax.literals) {
      const call = this.syntax.parentOf(literal);
      if (!call || !api.isCallExpression(call) || !call.arguments.some((argument) => argument === literal)) continue;
      const callee = this.syntax.unwrap(call.expression);
      const name = api.isIdentifier(callee) ? callee.text : api.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== undefined && VALIDATOR_NAMES.has(name) && !this.validatorInputs.has(literal.text)) this.validatorInputs.set(literal.text, literal);
      if (name !== undefined && name.endsWith('InlineSnapshot')) this.inlineSnapshots.push(literal);
    }
    for (const { slot, expression } of this.syntax.leaves) {
      const role = this.roleOf(slot.name);
      if (!this.syntax.isTextLiteral(expression)) {
        const reason = role === 'run' ? this.syntax.computedReason(expression) : undefined;
        if (reason) {
          this.warn(expression, 'computed-run-id', `${slot.name} is ${reason}: the codemod cannot rewrite a computed run ID; make it canonical by hand`);
        }
        continue;
      }
      const text = expression.text;
      if (role === 'run') {
        this.runSlotTexts.add(text);
        if (isCanonicalRunId(text)) continue;
        const occurrence: RunOccurrence = {
          literal: expression,
          pairedThreads: this.pairedThreads(slot),
          scopeThreads: this.syntax.scopeThreads(this.threadNames, expression),
        };
        push(this.runOccurrences, text, occurrence);
      } else if (role === 'thread') {
        this.threadSlotTexts.add(text);
        if (!isThreadId(text)) push(this.invalidThreads, text, expression);
      } else if (role === 'other' && this.isField(slot) && !this.nonIdUses.has(text)) {
        this.nonIdUses.set(text, expression);
      }
    }
  }

  /**
   * A field of a record (`{ status: 'x' }`, `x.status = 'x'`, `<A title="x" />`, a class field, an enum member):
   * a value stored there has that field's meaning. A local variable's name (`const expected = 'test-run'`) says
   * little about what its value is, so it is no evidence of a non-ID use.
   */
  private isField(slot: NamedValue): boolean {
    const api = this.context.ts;
    const holder = slot.holder;
    return (
      api.isPropertyAssignment(holder) ||
      api.isJsxAttribute(holder) ||
      api.isPropertyDeclaration(holder) ||
      api.isEnumMember(holder) ||
      (api.isBinaryExpression(holder) && !api.isIdentifier(holder.left))
    );
  }

  /** Invalid thread literals → sanitized thread ids, unless the literal also means something else. */
  private mapThreads(): void {
    const texts = new Set(this.syntax.literals.map((literal) => literal.text));
    const taken = new Set<string>();
    for (const [original, literals] of this.invalidThreads) {
      const at = literals[0] as TextLiteral;
      if (this.refuseShared(original, at, 'thread', this.runSlotTexts)) continue;
      const sanitized = sanitizeThreadId(original);
      if (texts.has(sanitized) || taken.has(sanitized)) {
        this.warn(at, 'thread-id-collision', `${quote(original)} would become ${quote(sanitized)}, which the file already uses for something else: left unchanged`);
        continue;
      }
      taken.add(sanitized);
      this.threadReplacements.set(original, sanitized);
    }
  }

  /** The thread a thread literal has after the rewrite, or `undefined` when it stays invalid. */
  private threadAfter(original: string): string | undefined {
    return isThreadId(original) ? original : this.threadReplacements.get(original);
  }

  private mapRuns(): void {
    const byReplacement = new Map<string, string>();
    for (const [original, occurrences] of this.runOccurrences) {
      const at = (occurrences[0] as RunOccurrence).literal;
      if (original.length === 0) {
        this.warn(at, 'empty-run-id', 'an empty run ID usually means "none": left unchanged');
        continue;
      }
      if (this.refuseShared(original, at, 'run', this.threadSlotTexts)) continue;
      const replacement = isLegacyRunId(original) ? this.convertLegacy(original, occurrences) : this.inventRunId(original, occurrences);
      if (replacement === undefined) continue;
      const other = byReplacement.get(replacement);
      if (other !== undefined) {
        // Two originals on one ID would make unequal IDs equal (a 32-bit hash collision): keep both as they were.
        this.runReplacements.delete(other);
        this.warn(at, 'replacement-collision', `${quote(original)} and ${quote(other)} would both become ${quote(replacement)}: both left unchanged`);
        continue;
      }
      byReplacement.set(replacement, original);
      this.runReplacements.set(original, replacement);
    }
  }

  /**
   * True (with a warning) when `original` is also used as a non-ID, or as the other kind of ID: replacing every
   * equal literal would then change what that other use means.
   */
  private refuseShared(original: string, at: TextLiteral, kind: 'run' | 'thread', otherKindTexts: ReadonlySet<string>): boolean {
    const nonId = this.nonIdUses.get(original);
    if (nonId) {
      this.warn(at, 'literal-used-as-non-id', `${quote(original)} is also used as a non-ID value (line ${this.lineOf(nonId)}): left unchanged`);
      return true;
    }
    const checked = this.validatorInputs.get(original);
    if (checked) {
      this.warn(
        at,
        'literal-checked-by-validator',
        `${quote(original)} is also given to an ID validator (line ${this.lineOf(checked)}), probably as a test of it: left unchanged`,
      );
      return true;
    }
    if (otherKindTexts.has(original)) {
      const other = kind === 'run' ? 'thread' : 'run';
      this.warn(at, 'ambiguous-literal', `${quote(original)} is used both as a ${kind} ID and as a ${other} ID: left unchanged`);
      return true;
    }
    return false;
  }

  /**
   * An inline snapshot quoting a replaced ID (inside longer text, so it is not rewritten) will fail until it is
   * updated: say where, as the runner does for snapshot files.
   */
  private checkInlineSnapshots(): void {
    const originals = [...this.runReplacements.keys(), ...this.threadReplacements.keys()];
    for (const snapshot of this.inlineSnapshots) {
      const quoted = originals.filter((original) => containsWholeValue(snapshot.text, original));
      if (quoted.length === 0) continue;
      const list = quoted.map(quote).join(', ');
      this.warn(snapshot, 'inline-snapshot', `this inline snapshot contains ${list}, which the rule replaced: update it (vitest -u)`);
    }
  }

  /** Legacy `run_<t>_<hex8>` → canonical with the same thread and suffix (timestamp 0, "unknown"). */
  private convertLegacy(original: string, occurrences: readonly RunOccurrence[]): string | undefined {
    const at = (occurrences[0] as RunOccurrence).literal;
    let converted: string;
    try {
      converted = toCanonicalRunId(original);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.warn(at, 'ambiguous-legacy-thread', `${quote(original)} cannot be converted losslessly (${reason}): left unchanged`);
      return undefined;
    }
    for (const occurrence of occurrences) {
      const mismatch = occurrence.pairedThreads.literals.find((literal) => {
        const thread = this.threadAfter(literal.text);
        return thread !== undefined && !validateIdPair(converted, thread);
      });
      if (mismatch) {
        this.warn(
          occurrence.literal,
          'legacy-thread-mismatch',
          `${quote(original)} belongs to another thread than ${quote(mismatch.text)} beside it; converted keeping its own thread`,
        );
      }
    }
    return converted;
  }

  /** A canonical run ID for a non-ID test string, on the thread beside it (or the scope's, or `test_thread`). */
  private inventRunId(original: string, occurrences: readonly RunOccurrence[]): string | undefined {
    const at = (occurrences[0] as RunOccurrence).literal;
    // The threads beside the run win over the scope's; one the rule cannot read makes any choice a guess.
    const paired = new ThreadEvidence();
    const scoped = new ThreadEvidence();
    for (const occurrence of occurrences) {
      paired.merge(occurrence.pairedThreads);
      scoped.merge(occurrence.scopeThreads);
    }
    const evidence = paired.isEmpty() ? scoped : paired;
    if (evidence.unknown) {
      this.warn(
        at,
        'unknown-thread',
        `the thread of ${quote(original)} is not a literal (line ${this.lineOf(evidence.unknown)}): left unchanged, since its run ID must embed that thread`,
      );
      return undefined;
    }
    const candidates = evidence.literals;
    if (candidates.length === 0) return replacementRunId(original, TEST_IDS_DEFAULT_THREAD);
    const threads = new Set<string>();
    for (const literal of candidates) {
      const thread = this.threadAfter(literal.text);
      if (thread === undefined) {
        this.warn(at, 'unmapped-thread', `the thread of ${quote(original)}, ${quote(literal.text)} (line ${this.lineOf(literal)}), stays invalid: left unchanged`);
        return undefined;
      }
      threads.add(thread);
    }
    if (threads.size > 1) {
      const list = [...threads].map(quote).join(', ');
      this.warn(at, 'ambiguous-thread', `${quote(original)} is paired with several threads (${list}): left unchanged`);
      return undefined;
    }
    return replacementRunId(original, [...threads][0] as string);
  }

  /** The threads that sit beside a run-ID slot. */
  private pairedThreads(slot: NamedValue): ThreadEvidence {
    const api = this.context.ts;
    const evidence = new ThreadEvidence();
    const holder = slot.holder;
    const parent = this.syntax.parentOf(holder);
    if (!parent) return evidence;
    if (api.isPropertyAssignment(holder) && api.isObjectLiteralExpression(parent)) {
      this.threadsInObject(parent, evidence);
      if (!evidence.isEmpty()) return evidence;
      const call = this.syntax.parentOf(parent);
      if (call && (api.isCallExpression(call) || api.isNewExpression(call)) && call.arguments?.includes(parent)) {
        for (const argument of call.arguments) if (argument !== parent) this.threadsInArgument(argument, evidence);
      }
    } else if (api.isJsxAttribute(holder) && api.isJsxAttributes(parent)) {
      for (const attribute of parent.properties) {
        if (!api.isJsxAttribute(attribute) || !this.isThreadName(attribute.name)) continue;
        const initializer = attribute.initializer;
        if (initializer && api.isStringLiteral(initializer)) evidence.add(initializer, attribute);
        else if (initializer && api.isJsxExpression(initializer) && initializer.expression) this.threadValue(initializer.expression, evidence);
        else evidence.add(undefined, attribute);
      }
    } else if (api.isParameter(holder) && api.isFunctionLike(parent)) {
      for (const parameter of parent.parameters) {
        if (this.isThreadName(parameter.name)) evidence.add(this.literalOf(parameter.initializer), parameter);
      }
    } else if (api.isBindingElement(holder) && (api.isObjectBindingPattern(parent) || api.isArrayBindingPattern(parent))) {
      for (const element of parent.elements) {
        if (api.isBindingElement(element) && this.isThreadName(element.propertyName ?? element.name)) evidence.add(this.literalOf(element.initializer), element);
      }
    } else if (api.isPropertyDeclaration(holder) && api.isClassLike(parent)) {
      for (const member of parent.members) {
        if (api.isPropertyDeclaration(member) && this.isThreadName(member.name)) evidence.add(this.literalOf(member.initializer), member);
      }
    }
    return evidence;
  }

  private threadsInObject(object: ts.ObjectLiteralExpression, evidence: ThreadEvidence): void {
    const api = this.context.ts;
    for (const property of object.properties) {
      if (api.isPropertyAssignment(property) && this.isThreadName(property.name)) this.threadValue(property.initializer, evidence);
      else if (api.isShorthandPropertyAssignment(property) && this.isThreadName(property.name)) {
        evidence.add(this.syntax.resolveLiteral(property.name.text, property), property);
      }
    }
  }

  /** `f({ threadId: 't' }, { runId: 'r' })` and `f(threadId, { runId: 'r' })`. */
  private threadsInArgument(argument: ts.Expression, evidence: ThreadEvidence): void {
    const api = this.context.ts;
    const inner = this.syntax.unwrap(argument);
    if (api.isObjectLiteralExpression(inner)) this.threadsInObject(inner, evidence);
    else if (api.isIdentifier(inner) && this.threadNames.has(inner.text)) evidence.add(this.syntax.resolveLiteral(inner.text, inner), inner);
  }

  /** A thread value: a literal, or a variable initialised with one; anything else is unknown. */
  private threadValue(expression: ts.Expression, evidence: ThreadEvidence): void {
    const inner = this.syntax.unwrap(expression);
    if (this.syntax.isTextLiteral(inner)) evidence.add(inner, inner);
    else if (this.context.ts.isIdentifier(inner)) evidence.add(this.syntax.resolveLiteral(inner.text, inner), inner);
    else evidence.add(undefined, inner);
  }

  private literalOf(expression: ts.Expression | undefined): TextLiteral | undefined {
    const inner = expression && this.syntax.unwrap(expression);
    return inner && this.syntax.isTextLiteral(inner) ? inner : undefined;
  }

  private isThreadName(name: ts.Node): boolean {
    const text = this.syntax.nameText(name);
    return text !== undefined && this.threadNames.has(text);
  }

  private result(): RuleResult {
    const { sourceFile } = this.context;
    const edits: TextEdit[] = [];
    for (const literal of this.syntax.literals) {
      const replacement = this.runReplacements.get(literal.text) ?? this.threadReplacements.get(literal.text);
      if (replacement === undefined) continue;
      // Only the text between the quotes changes: quote style, comments and spacing stay byte for byte.
      edits.push({ start: literal.getStart(sourceFile) + 1, end: literal.end - 1, text: replacement });
    }
    const replacements: TestIdReplacement[] = [
      ...[...this.runReplacements].map(([original, replacement]) => ({ kind: 'run' as const, original, replacement })),
      ...[...this.threadReplacements].map(([original, replacement]) => ({ kind: 'thread' as const, original, replacement })),
    ].sort((a, b) => (a.original < b.original ? -1 : a.original > b.original ? 1 : 0));
    if (replacements.length === 0) return { edits, warnings: this.warnings };
    return { edits, warnings: this.warnings, data: { replacements: replacements.map((item) => ({ ...item })) } };
  }

  private lineOf(node: ts.Node): number {
    const { sourceFile } = this.context;
    return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  }

  private warn(node: ts.Node, code: string, message: string): void {
    const { sourceFile } = this.context;
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    this.warnings.push({ code, message, line: line + 1, column: character + 1 });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const ID_CHARACTER = /[A-Za-z0-9_-]/;

/** `value` occurs in `text` on its own, not as part of a longer ID-like word. */
function containsWholeValue(text: string, value: string): boolean {
  if (value.length === 0) return false;
  for (let index = text.indexOf(value); index !== -1; index = text.indexOf(value, index + 1)) {
    const before = text[index - 1];
    const after = text[index + value.length];
    if ((before === undefined || !ID_CHARACTER.test(before)) && (after === undefined || !ID_CHARACTER.test(after))) return true;
  }
  return false;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
