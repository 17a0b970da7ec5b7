/**
 * The two shapes the rule reports, found call by call:
 * - minting: a call that makes a new id locally (this package's generators, `crypto.randomUUID`, `uuid`'s
 *   generators, `nanoid`) — reported in client files only;
 * - a deterministic id of constants: `uuid` v3/v5, this package's deterministic ids (`deterministicSystemId`,
 *   `toUuidV7`, `traceIdOf`) or a hash of joined strings, every argument constant — the same id on every call.
 */
import type { ts } from 'ts-morph';
import type { FileBindings, ModuleBinding } from './bindings';
import { ConstantCheck } from './constants';

export interface Site {
  readonly node: ts.Node;
  readonly shape: 'mint' | 'constant';
  /** How the call reads in a message: `uuid v4()`, `crypto.randomUUID()`. */
  readonly what: string;
}

const MINTING: Readonly<Record<string, readonly string[]>> = {
  uuid: ['v1', 'v4', 'v6', 'v7'],
  nanoid: ['nanoid', 'customAlphabet', 'customRandom'],
  'nanoid/non-secure': ['nanoid', 'customAlphabet'],
  crypto: ['randomUUID'],
  'unified-id': ['generateRunId', 'generateThreadId', 'createRunIdGenerator'],
};

const DETERMINISTIC: Readonly<Record<string, readonly string[]>> = {
  uuid: ['v3', 'v5'],
  'unified-id/system-id': ['deterministicSystemId'],
  'unified-id/interop': ['toUuidV7', 'traceIdOf'],
};

/** Functions named as hashes: `sha256(…)`, `hashString(…)`, `md5Hex(…)`, `computeDigest(…)`. */
const HASH_NAME = /^(?:hash|sha\d*|md5|digest)|(?:hash|sha\d*|md5|digest)$/i;

export class SiteFinder {
  private readonly constants: ConstantCheck;

  constructor(
    private readonly tsApi: typeof ts,
    private readonly bindings: FileBindings,
  ) {
    this.constants = new ConstantCheck(tsApi, bindings);
  }

  find(sourceFile: ts.SourceFile): Site[] {
    const sites: Site[] = [];
    const visit = (node: ts.Node): void => {
      if (this.tsApi.isCallExpression(node)) {
        const site = this.classify(node);
        if (site) sites.push(site);
      }
      this.tsApi.forEachChild(node, visit);
    };
    visit(sourceFile);
    return sites;
  }

  private classify(call: ts.CallExpression): Site | undefined {
    const target = this.resolve(call.expression);
    const allConstant = call.arguments.length > 0 && call.arguments.every((argument) => this.constants.isConstant(argument));
    if (target) {
      const what = target.module.startsWith('unified-id') || target.module === 'crypto' ? `${target.exported}()` : `${target.module} ${target.exported}()`;
      if (DETERMINISTIC[target.module]?.includes(target.exported)) {
        if (allConstant) return { node: call, shape: 'constant', what };
        // uuid v3/v5 of a variable still makes an id on the client; the package's mappings only translate one it has.
        return target.module === 'uuid' ? { node: call, shape: 'mint', what } : undefined;
      }
      if (MINTING[target.module]?.includes(target.exported)) return { node: call, shape: 'mint', what };
      if (target.module === 'crypto' && target.exported === 'createHash') return this.hashChain(call);
      return undefined;
    }
    if (this.isGlobalRandomUuid(call.expression)) return { node: call, shape: 'mint', what: 'crypto.randomUUID()' };
    const name = this.calleeName(call.expression);
    if (name !== undefined && HASH_NAME.test(name) && allConstant && call.arguments.some((argument) => this.constants.isJoinedString(argument))) {
      return { node: call, shape: 'constant', what: `${name}() of joined strings` };
    }
    return undefined;
  }

  /** `createHash(…).update(a).update(b)…`: constant when every update is, and the parts are joined (several updates, or a joined one). */
  private hashChain(createHash: ts.CallExpression): Site | undefined {
    const tsApi = this.tsApi;
    const parts: ts.Expression[] = [];
    let node: ts.Node = createHash;
    while (tsApi.isPropertyAccessExpression(node.parent) && node.parent.name.text === 'update' && tsApi.isCallExpression(node.parent.parent)) {
      parts.push(...node.parent.parent.arguments);
      node = node.parent.parent;
    }
    const updates = parts.length;
    if (updates === 0 || !parts.every((part) => this.constants.isConstant(part))) return undefined;
    if (updates < 2 && !parts.some((part) => this.constants.isJoinedString(part))) return undefined;
    return { node: createHash, shape: 'constant', what: 'a hash (createHash().update()) of joined strings' };
  }

  /** The watched export a callee names: `v4`, `uuid.v4`, `UnifiedIDManager.generateRunId`, `crypto.randomUUID` (imported). */
  private resolve(callee: ts.Expression): ModuleBinding | undefined {
    const tsApi = this.tsApi;
    if (tsApi.isIdentifier(callee)) {
      const binding = this.bindings.imports.get(callee.text);
      return binding && binding.exported !== '*' ? binding : undefined;
    }
    if (tsApi.isPropertyAccessExpression(callee) && tsApi.isIdentifier(callee.expression)) {
      const binding = this.bindings.imports.get(callee.expression.text);
      if (binding?.exported === '*' || (binding?.module === 'unified-id' && binding.exported === 'UnifiedIDManager')) {
        return { module: binding.module, exported: callee.name.text };
      }
    }
    return undefined;
  }

  /** The Web Crypto `crypto.randomUUID()`, also as `globalThis.crypto.…`, `window.crypto.…`, `self.crypto.…`. */
  private isGlobalRandomUuid(callee: ts.Expression): boolean {
    const tsApi = this.tsApi;
    if (!tsApi.isPropertyAccessExpression(callee) || callee.name.text !== 'randomUUID') return false;
    const owner = callee.expression;
    if (tsApi.isIdentifier(owner)) return owner.text === 'crypto';
    return tsApi.isPropertyAccessExpression(owner) && owner.name.text === 'crypto';
  }

  private calleeName(callee: ts.Expression): string | undefined {
    const tsApi = this.tsApi;
    if (tsApi.isIdentifier(callee)) return callee.text;
    if (tsApi.isPropertyAccessExpression(callee)) return callee.name.text;
    return undefined;
  }
}
