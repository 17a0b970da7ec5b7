/**
 * The project pass: over every file of the project (all shards, whatever paths the run was narrowed to), from the
 * text alone, each selected rule's `collect`, then its `combine`, and the evidence that the project uses this
 * system's run IDs at all (`analysis/evidence.ts`). Its result, `ProjectFacts`, goes to every rule in every thread.
 */
import { EvidenceScan } from '../analysis/evidence';
import type { JsonValue, ProjectFacts, Rule, RuleFileData, RuleOptions } from '../rule';
import type { DiscoveredFile } from './discovery';
import { describeError } from './transform';

export interface RuleNote {
  readonly rule: string;
  readonly message: string;
}

export interface ProjectPassResult {
  readonly facts: ProjectFacts;
  /** Per rule name: absolute paths of the files its `collect` said something about (roots of its typed programs). */
  readonly provenance: ReadonlyMap<string, readonly string[]>;
  /** A `collect` or `combine` that threw (the rule then decides without those facts). */
  readonly notes: readonly RuleNote[];
}

interface CollectFailures {
  count: number;
  readonly first: string;
}

export class ProjectPass {
  private readonly collectors: readonly Rule[];
  private readonly evidence: EvidenceScan;
  private readonly collected = new Map<string, RuleFileData[]>();
  private readonly provenance = new Map<string, string[]>();
  private readonly failures = new Map<string, CollectFailures>();

  constructor(
    rules: readonly Rule[],
    private readonly options: RuleOptions,
    root: string,
  ) {
    this.collectors = rules.filter((rule) => rule.collect !== undefined || rule.combine !== undefined);
    for (const rule of this.collectors) {
      this.collected.set(rule.name, []);
      this.provenance.set(rule.name, []);
    }
    this.evidence = new EvidenceScan({ root, importFrom: options.importFrom, legacyModules: options.legacyModules });
  }

  /** One file of the project; files must come in the project's (sorted) order, the same in every shard. */
  add(text: string, file: DiscoveredFile): void {
    this.evidence.add(text, file);
    const info = { filePath: file.filePath, relativePath: file.relativePath, options: this.options };
    for (const rule of this.collectors) {
      if (!rule.collect) continue;
      let data: JsonValue | undefined;
      try {
        data = rule.collect(text, info);
      } catch (error) {
        const failure = this.failures.get(rule.name);
        if (failure) failure.count++;
        else this.failures.set(rule.name, { count: 1, first: `${file.relativePath}: ${describeError(error)}` });
        continue;
      }
      if (data === undefined) continue;
      this.collected.get(rule.name)?.push({ relativePath: file.relativePath, data });
      this.provenance.get(rule.name)?.push(file.filePath);
    }
  }

  finish(): ProjectPassResult {
    const { evidence, legacyModuleFiles, reach } = this.evidence.finish();
    const notes: RuleNote[] = [];
    for (const [rule, failure] of this.failures) {
      notes.push({ rule, message: `collect failed on ${failure.count} file${failure.count === 1 ? '' : 's'} (first: ${failure.first}); those files' facts are missing` });
    }
    const rules: Record<string, JsonValue> = {};
    for (const rule of this.collectors) {
      const facts = this.collected.get(rule.name) ?? [];
      if (!rule.combine) {
        rules[rule.name] = facts.map((fact) => ({ relativePath: fact.relativePath, data: fact.data }));
        continue;
      }
      try {
        rules[rule.name] = rule.combine(facts, this.options);
      } catch (error) {
        notes.push({ rule: rule.name, message: `combine failed: ${describeError(error)}; the rule decides without project facts` });
      }
    }
    return { facts: { evidence, legacyModuleFiles, reach, rules }, provenance: this.provenance, notes };
  }
}
