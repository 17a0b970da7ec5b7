/**
 * The decision for one call of a legacy function: rewrite it into its `unified-id` replacement (and in which form,
 * so that the expression keeps its static type and behaviour), or keep it with a warning saying why and what to do.
 *
 * With a checker, the legacy function's declared return type decides the form (`string | null` →
 * `extractThreadId(x) ?? null`), and its body, when visible, rules out non-equivalent replacements (a validator
 * that throws is not `isRunId`). Without one, only roles whose historical behaviour never varied are rewritten.
 */
import type { ts } from 'ts-morph';
import type { LegacyRole, LegacyTarget, UnifiedExport } from '../../legacy-api';
import { HISTORICAL_API, UNIFIED_EXPORTS } from '../../legacy-api';
import type { LegacyFunction } from './legacy-function';
import { resultLeaves } from './legacy-function';
import { nullIsInvisible } from './null-use';
import { acceptsString, isPure, isReassigned, partsOf, readProperties, unwrap } from './type-facts';

export interface CallSite {
  readonly call: ts.CallExpression;
  /** `extractThreadId`, `IDManager.extractThreadId`: for messages. */
  readonly name: string;
  readonly module: string;
  readonly legacy: LegacyTarget;
}

export type Form =
  /** `old(args)` → `new(args)`: only the callee changes. */
  | { readonly kind: 'call' }
  /** `old(x)` → `extractThreadId(x) ?? null`: the old function returned `null` for an unreadable id. */
  | { readonly kind: 'null-coalesce' }
  /** `createTestIds()` → `createTestIds('thread')`: the old default thread, made explicit. */
  | { readonly kind: 'default-thread'; readonly literal: string }
  /** `getOrGenerate(r, t)` → `r ?? generateRunId(t)` (or `||`), as the old body did. */
  | { readonly kind: 'get-or-generate'; readonly operator: '??' | '||'; readonly runArgument: ts.Expression; readonly threadArgument: ts.Expression };

export type Verdict =
  | {
      readonly kind: 'rewrite';
      readonly target: UnifiedExport;
      readonly form: Form;
      /** `let x = old()` where `x` is assigned again: annotate `x` with the old type so it stays as wide. */
      readonly annotate?: { readonly declaration: ts.VariableDeclaration; readonly type: string };
    }
  | { readonly kind: 'keep'; readonly code: string; readonly message: string };

export interface Typing {
  readonly checker: ts.TypeChecker;
  /** The legacy function as the checker sees it; `undefined` when it has no types (JavaScript, `any`). */
  readonly legacy: LegacyFunction | undefined;
}

/** Arity of each role's replacement, as the calls pass it. */
const arity: Readonly<Record<LegacyRole, readonly [number, number]>> = {
  generate: [1, 1],
  'generate-thread': [0, 0],
  'get-or-generate': [2, 2],
  'extract-thread': [1, 1],
  validate: [1, 1],
  parse: [1, 1],
  pair: [2, 2],
  'legacy-check': [1, 1],
  'to-canonical': [1, 1],
  'test-ids': [0, 1],
};

/** Roles whose historical functions all behaved alike: rewritten by name when there are no types to check. */
const safeWithoutTypes = new Set<LegacyRole>(['generate', 'generate-thread', 'pair', 'validate', 'legacy-check', 'test-ids']);

/** Properties of `ParsedRunId` and `TestIds`, with the kinds of value each can hold. */
const parsedRunIdProperties: Readonly<Record<string, readonly ('string' | 'number' | 'null' | 'format')[]>> = {
  format: ['format'],
  threadId: ['string'],
  timestamp: ['number', 'null'],
  suffix: ['string'],
};
const testIdsProperties: Readonly<Record<string, readonly ('string' | 'number' | 'null' | 'format')[]>> = {
  threadId: ['string'],
  runId: ['string'],
};

const DEFAULT_TEST_THREAD = 'test_thread';

export class Judge {
  constructor(private readonly t: typeof ts) {}

  judge(site: CallSite, typing: Typing | undefined): Verdict {
    const { call, name, legacy } = site;
    const t = this.t;
    const [min, max] = arity[legacy.role];
    const count = call.arguments.length;
    if (count < min || count > max || call.arguments.some((argument) => t.isSpreadElement(argument))) {
      return keep('different-arguments', `${name}(…) with ${count} argument(s): ${describeTarget(legacy)} takes ${min === max ? min : `${min} to ${max}`}; rewrite it by hand, kept`);
    }
    if (!typing?.legacy) {
      if (isAssertionCall(t, site)) return assertionCall(site);
      if (safeWithoutTypes.has(legacy.role)) return rewrite(legacy.target);
      return keep(
        'needs-types',
        `${name}(…): without type information (no tsconfig covers this file, or ${site.module} is untyped) it cannot be told whether it returned null, undefined or threw for an unreadable id; ` +
          `put the file under a tsconfig, or rewrite it by hand with ${describeTarget(legacy)}; kept`,
      );
    }
    return this.judgeTyped(site, typing.checker, typing.legacy);
  }

  private judgeTyped(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const { legacy } = site;
    switch (legacy.role) {
      case 'generate':
      case 'generate-thread':
        return this.generator(site, checker, fn);
      case 'extract-thread':
        return this.extractor(site, checker, fn);
      case 'validate':
      case 'legacy-check':
      case 'pair':
        return this.predicate(site, checker, fn);
      case 'parse':
        return this.parser(site, checker, fn);
      case 'to-canonical':
        return this.converter(site, checker, fn);
      case 'get-or-generate':
        return this.getOrGenerate(site, checker, fn);
      case 'test-ids':
        return this.testIds(site, checker, fn);
    }
  }

  private generator(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const { name, legacy, call } = site;
    if (legacy.role === 'generate') {
      const first = fn.parameters[0] ?? '';
      if (fn.parameters.length > 1 && !/thread/i.test(first)) {
        return keep('different-arguments', `${name}(${fn.parameters.join(', ')}): its first parameter is not the thread, generateRunId(threadId) takes the thread; rewrite it by hand, kept`);
      }
      const wrong = this.nonStringArgument(call, checker);
      if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: generateRunId takes a string thread; rewrite it by hand, kept`);
    } else if (fn.body?.returnsThreadPrefixed) {
      return keep('thread-prefix-differs', `${name}() returns a \`thread_\`-prefixed thread id; generateThreadId returns a bare UUID: keep it, or rewrite by hand`);
    }
    if (!acceptsString(checker, fn.returnType)) {
      return keep('type-would-change', `${name}(…) returns ${checker.typeToString(fn.returnType)}; ${legacy.target.name} returns a string: rewrite it by hand, kept`);
    }
    return this.withAnnotation(rewrite(legacy.target), site, checker, fn);
  }

  private extractor(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    const { name, legacy, call } = site;
    const parts = partsOf(t, fn.returnType);
    const typeText = checker.typeToString(fn.returnType);
    if (parts.other.length > 0 || parts.strings.some((part) => !(part.flags & t.TypeFlags.String)) || parts.strings.length === 0) {
      return keep('type-would-change', `${name}(…) returns ${typeText}; extractThreadId returns string | undefined: rewrite it by hand, kept`);
    }
    if (fn.body?.returnsThreadPrefixed) {
      return keep('thread-prefix-differs', `${name}(…) returns the thread with a \`thread_\` prefix added; extractThreadId returns it as embedded: compare threads with validateIdPair or normalizeThreadId, rewrite by hand; kept`);
    }
    const threadIdOf = UNIFIED_EXPORTS.get('threadIdOf')!;
    const extractThreadId = UNIFIED_EXPORTS.get('extractThreadId')!;
    const nullable = parts.hasNull || parts.hasUndefined;
    if (legacy.target.name === 'threadIdOf' || (!legacy.explicit && !nullable)) {
      // `string`: the old function threw for an unreadable id (or returned some string: not equivalent).
      if (nullable) return keep('type-would-change', `${name}(…) returns ${typeText}; threadIdOf(string) returns a string and throws for an unreadable id: rewrite it by hand, kept`);
      if (fn.body && !fn.body.throws) {
        return keep('different-failure', `${name}(…) returns a string even for an unreadable id (it never throws); threadIdOf throws RunIdError and extractThreadId returns undefined: rewrite it by hand, kept`);
      }
      if (!fn.body && !legacy.explicit) {
        return keep('different-failure', `${name}(…) returns string and its body is not visible: it may throw or return a placeholder for an unreadable id; map it to threadIdOf (throws) in the config if it throws, kept`);
      }
      const wrong = this.nonStringArgument(call, checker, true);
      if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: threadIdOf takes a string (or null / undefined); rewrite it by hand, kept`);
      return rewrite(threadIdOf);
    }
    if (!nullable) return keep('type-would-change', `${name}(…) returns ${typeText}; extractThreadId returns string | undefined: map it to threadIdOf in the config if it throws for an unreadable id; kept`);
    // `string | null` → `?? null`; with both, the body says which one stands for "unreadable". Where the code
    // around cannot tell null from undefined (`x ?? d`, `if (!x)`), the plain call is the same.
    const nullForUnreadable = parts.hasNull && (!parts.hasUndefined || fn.body?.returnsNull === true);
    const keepsNull = nullForUnreadable && !nullIsInvisible(t, checker, call);
    return rewrite(extractThreadId, keepsNull ? { kind: 'null-coalesce' } : { kind: 'call' });
  }

  private predicate(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    const { name, legacy } = site;
    const asserts = fn.predicate !== undefined && (fn.predicate.kind === t.TypePredicateKind.AssertsIdentifier || fn.predicate.kind === t.TypePredicateKind.AssertsThis);
    if (asserts || fn.returnType.flags & (t.TypeFlags.Void | t.TypeFlags.Undefined)) {
      return keep('throwing-validator', `${name}(…) returns nothing and throws for an invalid id; ${legacy.target.name} returns a boolean: write parseRunId(x) where it must throw (RunIdError), or branch on ${legacy.target.name}(x); kept`);
    }
    if (!(fn.returnType.flags & t.TypeFlags.BooleanLike)) {
      return keep('type-would-change', `${name}(…) returns ${checker.typeToString(fn.returnType)}; ${legacy.target.name} returns a boolean: rewrite it by hand, kept`);
    }
    if (fn.body?.throws) {
      return keep('throwing-validator', `${name}(…) throws for some inputs; ${legacy.target.name} returns false instead: where a throw is wanted use parseRunId(x), else rewrite by hand; kept`);
    }
    if (isAssertionCall(t, site)) return assertionCall(site);
    if (legacy.role === 'pair' && /thread/i.test(fn.parameters[0] ?? '') && /run/i.test(fn.parameters[1] ?? '')) {
      return keep('different-arguments', `${name}(${fn.parameters.join(', ')}) takes the thread first; validateIdPair(runId, threadId) takes the run id first: rewrite it by hand, kept`);
    }
    return rewrite(legacy.target);
  }

  private parser(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    const { name, call } = site;
    const parts = partsOf(t, fn.returnType);
    if (parts.hasNull || parts.hasUndefined) {
      return keep('different-failure', `${name}(…) returns ${parts.hasNull ? 'null' : 'undefined'} for an unreadable id; parseRunId throws RunIdError: use safeParseRunId(x) and check .ok, by hand; kept`);
    }
    if (fn.body && !fn.body.throws) {
      return keep('different-failure', `${name}(…) never throws; parseRunId throws RunIdError for an unreadable id: use safeParseRunId(x), by hand; kept`);
    }
    const wrong = this.nonStringArgument(call, checker);
    if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: parseRunId takes a string; rewrite it by hand, kept`);
    const mismatch = this.shapeMismatch(call, checker, fn.returnType, parsedRunIdProperties);
    if (mismatch) return keep('type-would-change', `${name}(…) returns ${checker.typeToString(fn.returnType)}; parseRunId returns { format, threadId, timestamp: number | null, suffix }: ${mismatch}; kept`);
    return rewrite(site.legacy.target);
  }

  private converter(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    const { name, call } = site;
    const parts = partsOf(t, fn.returnType);
    if (parts.hasNull || parts.hasUndefined) {
      return keep('different-failure', `${name}(…) returns ${parts.hasNull ? 'null' : 'undefined'} for an id it cannot convert; toCanonicalRunId throws RunIdError: rewrite it by hand, kept`);
    }
    if (!acceptsString(checker, fn.returnType)) {
      return keep('type-would-change', `${name}(…) returns ${checker.typeToString(fn.returnType)}; toCanonicalRunId returns a string: rewrite it by hand, kept`);
    }
    if (fn.body?.readsClock) {
      return keep('conversion-differs', `${name}(…) stamps converted ids with the current time; toCanonicalRunId keeps timestamp 0 unless given: rewrite by hand as toCanonicalRunId(x, { timestamp }), kept`);
    }
    if (fn.body && !fn.body.throws) {
      return keep('different-failure', `${name}(…) never throws (it returns something for an unreadable id); toCanonicalRunId throws RunIdError: rewrite it by hand, kept`);
    }
    const wrong = this.nonStringArgument(call, checker);
    if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: toCanonicalRunId takes a string; rewrite it by hand, kept`);
    return this.withAnnotation(rewrite(site.legacy.target), site, checker, fn);
  }

  private getOrGenerate(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    const { name, call } = site;
    const advice = `${name}(…): unified-id has no get-or-generate; write runId ?? generateRunId(threadId) by hand if that is what it did; kept`;
    const returned = fn.body?.returned ?? [];
    const parameters = fn.implementation?.parameters ?? [];
    if (returned.length !== 1 || parameters.length !== 2 || !acceptsString(checker, fn.returnType)) return keep('get-or-generate', advice);
    const [body] = returned as [ts.Expression];
    const names = parameters.map((parameter) => (t.isIdentifier(parameter.name) ? parameter.name.text : ''));
    const shape = this.orGenerateShape(body, checker);
    if (!shape) return keep('get-or-generate', advice);
    const runIndex = names.indexOf(shape.run);
    const threadIndex = names.indexOf(shape.thread);
    if (runIndex === -1 || threadIndex === -1 || runIndex === threadIndex) return keep('get-or-generate', advice);
    const runArgument = call.arguments[runIndex]!;
    const threadArgument = call.arguments[threadIndex]!;
    // The thread argument was always evaluated; now only when a run id is missing: it must have no effects.
    if (!isPure(t, threadArgument) || threadIndex < runIndex) return keep('get-or-generate', `${advice} (its thread argument is not a plain value, or comes before the run id)`);
    const wrong = this.nonStringArgument(call, checker, false, threadIndex) ?? this.nonStringArgument(call, checker, true, runIndex);
    if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: generateRunId takes a string thread, and the run id must be a string or missing; rewrite it by hand, kept`);
    const generateRunId = UNIFIED_EXPORTS.get('generateRunId')!;
    return rewrite(generateRunId, { kind: 'get-or-generate', operator: shape.operator, runArgument, threadArgument });
  }

  /** `run ?? gen(thread)`, `run || gen(thread)`, `run ? run : gen(thread)` with `gen` a generator by name. */
  private orGenerateShape(body: ts.Expression, checker: ts.TypeChecker): { run: string; thread: string; operator: '??' | '||' } | undefined {
    const t = this.t;
    const inner = resultLeaves(t, body).length === 2 ? unwrap(t, body) : undefined;
    let run: ts.Expression | undefined;
    let fallback: ts.Expression | undefined;
    let operator: '??' | '||' = '??';
    if (inner && t.isBinaryExpression(inner) && (inner.operatorToken.kind === t.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === t.SyntaxKind.BarBarToken)) {
      run = inner.left;
      fallback = inner.right;
      operator = inner.operatorToken.kind === t.SyntaxKind.BarBarToken ? '||' : '??';
    } else if (inner && t.isConditionalExpression(inner) && t.isIdentifier(inner.condition) && t.isIdentifier(inner.whenTrue) && inner.condition.text === inner.whenTrue.text) {
      run = inner.condition;
      fallback = inner.whenFalse;
      operator = '||';
    }
    if (!run || !fallback || !t.isIdentifier(unwrap(t, run))) return undefined;
    const generation = unwrap(t, fallback);
    if (!t.isCallExpression(generation) || generation.arguments.length !== 1 || !t.isIdentifier(generation.arguments[0]!)) return undefined;
    const callee = generation.expression;
    const calleeName = t.isIdentifier(callee) ? callee.text : t.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const declaration = checker.getResolvedSignature(generation)?.getDeclaration();
    if (calleeName === undefined || !declaration || declaration.getSourceFile() !== body.getSourceFile() || HISTORICAL_API.get(calleeName) !== 'generate') return undefined;
    return { run: (unwrap(t, run) as ts.Identifier).text, thread: (generation.arguments[0] as ts.Identifier).text, operator };
  }

  private testIds(site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const { name, call } = site;
    const wrong = this.nonStringArgument(call, checker);
    if (wrong) return keep('different-arguments', `${name}(…) is passed ${wrong}: createTestIds takes a string thread; rewrite it by hand, kept`);
    const mismatch = this.shapeMismatch(call, checker, fn.returnType, testIdsProperties);
    if (mismatch) return keep('type-would-change', `${name}(…) returns ${checker.typeToString(fn.returnType)}; createTestIds returns { threadId, runId }: ${mismatch}; kept`);
    const initializer = fn.implementation?.parameters[0]?.initializer;
    const t = this.t;
    let form: Form = { kind: 'call' };
    if (call.arguments.length === 0 && initializer !== undefined) {
      if (!t.isStringLiteralLike(initializer)) return keep('different-default', `${name}() defaults its thread to ${initializer.getText()}; createTestIds() uses '${DEFAULT_TEST_THREAD}': rewrite it by hand, kept`);
      if (initializer.text !== DEFAULT_TEST_THREAD) form = { kind: 'default-thread', literal: initializer.text };
    }
    return this.withAnnotation(rewrite(site.legacy.target, form), site, checker, fn);
  }

  /**
   * The replacement returns a narrower type (a branded `CanonicalRunId`, `TestIds`): harmless except as the
   * initializer of a `let` that is assigned again, which then needs the old type written out.
   */
  private withAnnotation(verdict: Verdict, site: CallSite, checker: ts.TypeChecker, fn: LegacyFunction): Verdict {
    const t = this.t;
    if (verdict.kind !== 'rewrite') return verdict;
    const declaration = site.call.parent;
    if (!t.isVariableDeclaration(declaration) || declaration.initializer !== site.call || declaration.type || !t.isIdentifier(declaration.name)) return verdict;
    if (!t.isVariableDeclarationList(declaration.parent) || declaration.parent.flags & (t.NodeFlags.Const | t.NodeFlags.Using)) return verdict;
    if (!isReassigned(t, checker, declaration.name)) return verdict;
    if (!(fn.returnType.flags & t.TypeFlags.String)) {
      return keep('type-would-change', `${site.name}(…) initializes \`${declaration.name.text}\`, which is assigned again: ${site.legacy.target.name} returns a narrower type; annotate the variable and rewrite by hand, kept`);
    }
    return { ...verdict, annotate: { declaration, type: 'string' } };
  }

  /** The first argument (or the one at `index`) whose type is not a string, described; `undefined` when all are. */
  private nonStringArgument(call: ts.CallExpression, checker: ts.TypeChecker, nullable = false, index?: number): string | undefined {
    const t = this.t;
    const checked = index === undefined ? call.arguments : call.arguments.slice(index, index + 1);
    for (const argument of checked) {
      const type = checker.getTypeAtLocation(argument);
      const parts = partsOf(t, type);
      const ok = parts.other.length === 0 && parts.strings.length > 0 && (nullable || (!parts.hasNull && !parts.hasUndefined));
      if (!ok && !(type.flags & t.TypeFlags.Any)) return `a ${checker.typeToString(type)}`;
    }
    return undefined;
  }

  /**
   * Why the replacement's result does not fit where the old result went, or `undefined` when it does. Only the
   * properties read matter when the call is read right away (`parse(x).threadId`, `const { threadId } = parse(x)`).
   */
  private shapeMismatch(call: ts.CallExpression, checker: ts.TypeChecker, returnType: ts.Type, offered: Readonly<Record<string, readonly string[]>>): string | undefined {
    const t = this.t;
    const read = readProperties(t, call);
    const properties = checker.getPropertiesOfType(checker.getApparentType(returnType));
    if (properties.length === 0) return 'not an object';
    for (const property of properties) {
      if (read && !read.has(property.name)) continue;
      const kinds = offered[property.name];
      if (!kinds) return `it has no \`${property.name}\``;
      const declared = checker.getTypeOfSymbol(property);
      for (const kind of kinds) {
        const value = kind === 'string' ? checker.getStringType() : kind === 'number' ? checker.getNumberType() : kind === 'null' ? checker.getNullType() : undefined;
        const fits = value ? checker.isTypeAssignableTo(value, declared) : checker.isTypeAssignableTo(checker.getStringLiteralType('canonical'), declared) && checker.isTypeAssignableTo(checker.getStringLiteralType('legacy'), declared);
        if (!fits) return `its \`${property.name}\` is ${checker.typeToString(declared)}`;
      }
    }
    return undefined;
  }
}

/** A validator called as a statement: its boolean is dropped, so it was meant to throw. */
function isAssertionCall(t: typeof ts, site: CallSite): boolean {
  return (site.legacy.role === 'validate' || site.legacy.role === 'legacy-check') && t.isExpressionStatement(site.call.parent);
}

function assertionCall(site: CallSite): Verdict {
  return keep('assertion-call', `${site.name}(…) as a statement looks like an assertion: ${site.legacy.target.name} returns a boolean and never throws; use parseRunId (throws RunIdError) by hand, kept`);
}

function keep(code: string, message: string): Verdict {
  return { kind: 'keep', code, message };
}

function rewrite(target: UnifiedExport, form: Form = { kind: 'call' }): Verdict {
  return { kind: 'rewrite', target, form };
}

function describeTarget(legacy: LegacyTarget): string {
  return legacy.role === 'get-or-generate' ? 'runId ?? generateRunId(threadId)' : legacy.target.name;
}
