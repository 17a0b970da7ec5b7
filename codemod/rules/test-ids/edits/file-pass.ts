/**
 * `apply` on one file: the project's decisions (or, for a file alone, the decisions its own facts give) become text
 * edits on the parsed file's literals, except what this file keeps (`local-keeps.ts`). Every equal literal follows
 * (test titles apart), as does every whole `/` or `:` segment of a longer string (outside JSON); an embedding that
 * cannot be rewritten safely is reported, and so is every original kept, where the file stores it.
 */
import { isLegacyRunId, toCanonicalRunId, validateIdPair } from 'unified-id';
import type { RuleContext, RuleResult, RuleWarning, TextEdit } from '../../../rule';
import { FileAnalysis } from '../analysis/file-analysis';
import type { Structure } from '../analysis/file-analysis';
import { decide } from '../decisions/decide';
import type { Decisions, Replacement } from '../decisions/decisions';
import { factsOf, factsToJson } from '../decisions/facts';
import { containsWholeValue, isDistinctive, segmentsOf, wholeWordOffsets } from '../embedding';
import { literalNodesOf } from './literal-nodes';
import { localKeepsOf } from './local-keeps';
import type { LocalKeep } from './local-keeps';
import { originalsPattern } from './prefilter';
import type { LiteralNode } from './literal-nodes';

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

const ID_WORD = /[A-Za-z0-9_-]+/g;

/** Keeps about a value's other meaning: reported only where the file stores it as an ID, not at every call. */
const NON_CARRIER_CODES = new Set(['literal-used-as-non-id', 'empty-run-id', 'empty-thread-id', 'intentionally-invalid']);

function quote(text: string): string {
  return JSON.stringify(text);
}

export class TestIdsFilePass {
  private readonly analysis: FileAnalysis;
  private readonly structure: Structure | undefined;
  private readonly decisions: Decisions;
  private readonly literals: LiteralNode[];
  private readonly tokenAt = new Map<number, number>();
  private readonly warnings: RuleWarning[] = [];
  private readonly edits: TextEdit[] = [];
  private readonly replaced = new Map<string, Replacement>();
  /** Originals that keep their old value in this file only (rejection tests, validator inputs). */
  private readonly localKeeps = new Map<string, LocalKeep>();
  /** Rewritten originals with characters outside `[A-Za-z0-9_-]` (found by search, not by word lookup). */
  private readonly unusualOriginals: string[] = [];

  /** `decisions`: the project's; without them the file is judged alone. */
  constructor(
    private readonly context: RuleContext,
    decisions: Decisions | undefined,
  ) {
    this.analysis = new FileAnalysis(context.text, context);
    this.structure = this.analysis.structure;
    this.decisions = decisions ?? this.ownDecisions();
    this.literals = literalNodesOf(context.ts, context.sourceFile, context.text, this.analysis.json);
    this.structure?.tokens.forEach((token, i) => {
      if (token.kind !== 'punct' && token.kind !== 'ident' && token.kind !== 'number') this.tokenAt.set(token.start, i);
    });
    for (const original of this.decisions.rewrite.keys()) if (/[^A-Za-z0-9_-]/.test(original)) this.unusualOriginals.push(original);
  }

  /** Without project facts, the file is judged alone: the same decisions its facts give as the only file. */
  private ownDecisions(): Decisions {
    const facts = factsOf(this.analysis, this.context.text, this.context.relativePath);
    return decide(facts ? [{ relativePath: this.context.relativePath, data: factsToJson(facts) }] : []);
  }

  run(): RuleResult {
    if (!this.analysis.testData || !this.structure) return { edits: [], warnings: [] };
    for (const [original, keep] of localKeepsOf(this.structure, this.literals, this.decisions, (literal) => this.tokenOf(literal), (offset) => this.lineOf(offset))) {
      this.localKeeps.set(original, keep);
    }
    this.rewriteLiterals();
    this.warnKept(this.structure);
    this.warnComputed(this.structure);
    this.warnLegacyPairs(this.structure);
    this.warnInlineSnapshots(this.structure);
    return this.result();
  }

  private rewriteOf(original: string): Replacement | undefined {
    return this.localKeeps.has(original) ? undefined : this.decisions.rewrite.get(original);
  }

  private tokenOf(literal: LiteralNode): number | undefined {
    return this.tokenAt.get(literal.start);
  }

  /** Whole literals equal to an original, and whole `/`/`:` segments of longer strings. */
  private rewriteLiterals(): void {
    const structure = this.structure as Structure;
    for (const literal of this.literals) {
      const token = this.tokenOf(literal);
      // Titles are prose, inline snapshots are regenerated by the test runner (and reported below).
      if (token !== undefined && (structure.contexts.titles.has(token) || structure.contexts.inlineSnapshots.has(token))) continue;
      const whole = literal.kind === 'literal' ? this.rewriteOf(literal.text) : undefined;
      if (whole) {
        if (literal.jsonKey) {
          this.warn(
            literal.start,
            'json-key',
            `this key is ${quote(literal.text)}, which the rule replaced in values with ${quote(whole.replacement)}: keys are left as they are; rename it by hand if it is that ID`,
          );
          continue;
        }
        // Only the text between the quotes changes: quote style, comments and spacing stay byte for byte.
        this.edits.push({ start: literal.innerStart, end: literal.innerEnd, text: whole.replacement });
        this.replaced.set(literal.text, whole);
        continue;
      }
      if (literal.kind === 'literal' && (this.decisions.rewrite.has(literal.text) || this.decisions.keep.has(literal.text))) continue;
      this.rewriteEmbedded(literal);
    }
  }

  /** Originals inside a longer string: whole segments are rewritten when safe, other whole-word copies reported. */
  private rewriteEmbedded(literal: LiteralNode): void {
    const value = literal.text;
    if (!originalsPattern(this.decisions)?.test(value)) return;
    const handled = new Set<number>();
    const safe = !literal.escaped && !this.analysis.json;
    for (const [start, end] of segmentsOf(value)) {
      if (end - start === value.length) continue;
      const segment = value.slice(start, end);
      const replacement = this.rewriteOf(segment);
      if (!replacement) continue;
      handled.add(start);
      const touchesSubstitution = (start === 0 && literal.substitutionBefore) || (end === value.length && literal.substitutionAfter);
      if (!safe || touchesSubstitution || !isDistinctive(segment)) {
        this.warnEmbedded(literal, start, segment, replacement, touchesSubstitution ? 'next to a substitution' : 'as a path or `:` segment');
        continue;
      }
      this.edits.push({ start: literal.innerStart + start, end: literal.innerStart + end, text: replacement.replacement });
      this.replaced.set(segment, replacement);
    }
    for (const original of this.embeddedOriginals(value)) {
      if (!isDistinctive(original)) continue;
      const replacement = this.rewriteOf(original) as Replacement;
      for (const offset of wholeWordOffsets(value, original)) {
        if (handled.has(offset)) continue;
        handled.add(offset);
        this.warnEmbedded(literal, offset, original, replacement, 'inside longer text');
      }
    }
  }

  /** Rewritten originals that occur as whole words in `value` (other than `value` itself). */
  private embeddedOriginals(value: string): string[] {
    const found = new Set<string>();
    for (const match of value.matchAll(ID_WORD)) if (match[0] !== value && this.rewriteOf(match[0])) found.add(match[0]);
    for (const original of this.unusualOriginals) if (original !== value && value.includes(original) && this.rewriteOf(original) && containsWholeValue(value, original)) found.add(original);
    return [...found];
  }

  private warnEmbedded(literal: LiteralNode, offset: number, original: string, replacement: Replacement, where: string): void {
    const position = literal.escaped ? literal.start : literal.innerStart + offset;
    this.warn(
      position,
      'embedded-id',
      `this string holds ${quote(original)} ${where}, which the rule cannot rewrite safely here: it stays; if it is that ${replacement.kind} ID, replace it by hand with ${quote(replacement.replacement)}`,
    );
  }

  /**
   * Originals kept project-wide (or in this file): one warning where this file stores each in a carrier, or else
   * hands it to a call (`log.forRun('test-run')`, a run ID by the callee's signature).
   */
  private warnKept(structure: Structure): void {
    const { occurrences } = structure;
    for (const [original, kept] of this.decisions.keep) {
      const token = occurrences.carrierTokens.get(original) ?? (NON_CARRIER_CODES.has(kept.code) ? undefined : occurrences.argumentTokens.get(original));
      if (token !== undefined) this.warn(structure.tokens[token]?.start ?? 0, kept.code, kept.message);
    }
    for (const [original, keep] of this.localKeeps) {
      if (keep.code === 'expected-rejection' && isLegacyRunId(original) && this.legacyMismatches(structure, original).length > 0) continue;
      this.warn(keep.at, keep.code, keep.message);
    }
  }

  private warnComputed(structure: Structure): void {
    for (const computed of structure.occurrences.computedRuns) {
      this.warn(
        structure.tokens[computed.token]?.start ?? 0,
        'computed-run-id',
        `${computed.name} is ${computed.reason}: the codemod cannot rewrite a computed run ID; make it canonical by hand (createTestIds(thread).runId in tests)`,
      );
    }
  }

  /** Occurrences of a legacy original whose converted ID does not belong to the literal thread beside it. */
  private legacyMismatches(structure: Structure, original: string): { token: number; thread: string }[] {
    const converted = this.decisions.rewrite.get(original)?.replacement ?? safeCanonical(original);
    if (converted === undefined) return [];
    const found: { token: number; thread: string }[] = [];
    for (const occurrence of structure.occurrences.runs) {
      if (occurrence.text !== original) continue;
      const mismatch = occurrence.paired.find((ref) => {
        if (ref.text === undefined) return false;
        const thread = this.rewriteOf(ref.text)?.replacement ?? ref.text;
        return !validateIdPair(converted, thread);
      });
      if (mismatch?.text !== undefined) found.push({ token: occurrence.token, thread: mismatch.text });
    }
    return found;
  }

  private warnLegacyPairs(structure: Structure): void {
    const seen = new Set<number>();
    for (const original of new Set(structure.occurrences.runs.map((occurrence) => occurrence.text))) {
      if (!isLegacyRunId(original) || !this.decisions.rewrite.has(original)) continue;
      const kept = this.localKeeps.has(original);
      for (const { token, thread } of this.legacyMismatches(structure, original)) {
        if (seen.has(token)) continue;
        seen.add(token);
        const message = kept
          ? `${quote(original)} belongs to another thread than ${quote(thread)} beside it, where the test expects a rejection (probably of that mismatch): left unchanged in this file`
          : `${quote(original)} belongs to another thread than ${quote(thread)} beside it; converted keeping its own thread, so the pair still does not match: if the run should belong to ${quote(thread)}, give it a run ID of that thread (createTestIds(${quote(thread)}).runId)`;
        this.warn(structure.tokens[token]?.start ?? 0, 'legacy-thread-mismatch', message);
      }
    }
  }

  /** An inline snapshot quoting a replaced ID will fail until it is updated: say where. */
  private warnInlineSnapshots(structure: Structure): void {
    if (this.replaced.size === 0) return;
    for (const token of structure.contexts.inlineSnapshots) {
      const snapshot = structure.tokens[token];
      if (!snapshot) continue;
      const quoted = [...this.replaced.keys()].filter((original) => containsWholeValue(snapshot.value, original));
      if (quoted.length === 0) continue;
      this.warn(snapshot.start, 'inline-snapshot', `this inline snapshot contains ${quoted.map(quote).join(', ')}, which the rule replaced: update it (vitest -u)`);
    }
  }

  private lineOf(offset: number): number {
    return this.context.sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
  }

  private warn(offset: number, code: string, message: string): void {
    const { line, character } = this.context.sourceFile.getLineAndCharacterOfPosition(offset);
    this.warnings.push({ code, message, line: line + 1, column: character + 1 });
  }

  private result(): RuleResult {
    const warnings = this.warnings.sort((a, b) => a.line - b.line || a.column - b.column);
    const replacements: TestIdReplacement[] = [...this.replaced]
      .map(([original, { kind, replacement }]) => ({ kind, original, replacement }))
      .sort((a, b) => (a.original < b.original ? -1 : a.original > b.original ? 1 : 0));
    if (replacements.length === 0) return { edits: this.edits, warnings };
    return { edits: this.edits, warnings, data: { replacements: replacements.map((item) => ({ ...item })) } };
  }
}

function safeCanonical(original: string): string | undefined {
  try {
    return toCanonicalRunId(original);
  } catch {
    return undefined;
  }
}
