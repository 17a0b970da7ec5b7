/**
 * Whether a project uses this system's run IDs at all, from the text of its files (no parse: it runs over every
 * file of the project, in every shard). Evidence is an import of `unified-id` (or its subpaths), a configured legacy
 * ID module that exists or is imported, a module that looks like a legacy ID module, or a string literal in either
 * historical format. Without any, the codemod changes nothing: the IDs it would rewrite are someone else's.
 *
 * Files must be added in the same order in every run (the project's sorted order), so that the examples each
 * evidence line quotes, and so every line, are the same in every shard.
 */
import { posix } from 'node:path';
import { isCanonicalRunId, isLegacyRunId } from 'unified-id';
import { looksLikeLegacyModule } from '../legacy-api';
import { isRelativeSpecifier, jsonNamesIn, moduleKey, relativeModuleKey, specifiersIn } from './module-refs';
import type { LegacyModuleSpec } from '../rule';
import { matchLegacyModule } from '../rules/legacy-modules';

export interface EvidenceSettings {
  /** Absolute path of the run's root (configured legacy module paths are relative to it). */
  readonly root: string;
  /** The module the codebase imports the unified API from (`unified-id`). */
  readonly importFrom: string;
  readonly legacyModules: readonly LegacyModuleSpec[];
  /** Text test for a legacy ID module; default `looksLikeLegacyModule` (`codemod/legacy-api.ts`). */
  readonly looksLikeLegacyModule?: (text: string) => boolean;
}

export interface EvidenceFile {
  readonly filePath: string;
  /** Relative to the root, `/` separators. */
  readonly relativePath: string;
}

export interface Evidence {
  /** One line per kind of evidence, each with its first location; empty: no evidence. */
  readonly evidence: readonly string[];
  /** Relative paths of the legacy ID modules in the project: configured ones that exist, and detected ones. */
  readonly legacyModuleFiles: readonly string[];
  /**
   * Relative paths of the files the evidence of this system's ID formats reaches: those holding it themselves (an
   * import of the package, a legacy module that builds IDs in a historical format, a run ID literal), those
   * importing one of these through relative imports at any depth, the files these import directly, and JSON files
   * such a file names.
   */
  readonly reach: readonly string[];
}

/** The files something was seen in, and the first place (`path:line`; `order`: the file's position in the project). */
interface Sightings {
  readonly files: Set<string>;
  readonly first: string;
  readonly order: number;
}

interface LiteralSightings extends Sightings {
  literals: number;
  readonly firstValue: string;
}

/** Quoted strings that could be a run ID: both formats contain `run_` (`run_<t>_<hex8>`, `thread_<t>_run_<ms>_<hex8>`). */
const literalPattern = /(['"`])([\w-]{0,300}run_[\w-]{1,300})\1/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function sight(map: Map<string, Sightings>, key: string, relativePath: string, order: number, where: () => string): void {
  const seen = map.get(key);
  if (!seen) map.set(key, { files: new Set([relativePath]), first: where(), order });
  else seen.files.add(relativePath);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function listed(items: readonly string[], most = 3): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

function shortValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** Collects evidence file by file (`add`), then states it (`finish`). */
export class EvidenceScan {
  private readonly entries: readonly string[];
  private readonly detect: (text: string) => boolean;
  /** Configured entry → the project file it names (relative path). */
  private readonly configuredFiles = new Map<string, string>();
  private readonly configuredKeys: Map<string, string>;
  private readonly configuredImports = new Map<string, Sightings>();
  private readonly unifiedImports = new Map<string, Sightings>();
  /** Module key (relative path without extension) → files importing it by a relative specifier. */
  private readonly relativeImports = new Map<string, Sightings>();
  private readonly detected: string[] = [];
  private readonly literals = new Map<'canonical' | 'legacy', LiteralSightings>();
  /** Files holding evidence themselves. */
  private readonly evidenceFiles = new Set<string>();
  /** Module key → the files importing it by a relative specifier (all of them, for `reach`). */
  private readonly importersOf = new Map<string, Set<string>>();
  /** File → the module keys it imports by relative specifiers; module key → the file (for `reach`). */
  private readonly importsOf = new Map<string, string[]>();
  private readonly fileOfKey = new Map<string, string>();
  /** JSON file name (`runs.json`) → the files naming it. */
  private readonly jsonMentions = new Map<string, Set<string>>();
  private readonly jsonFiles: string[] = [];
  /** Position of the file being added, in the project's order. */
  private order = 0;

  constructor(private readonly settings: EvidenceSettings) {
    this.entries = settings.legacyModules.map((spec) => spec.module);
    this.detect = settings.looksLikeLegacyModule ?? looksLikeLegacyModule;
    this.configuredKeys = new Map(
      this.entries.map((entry) => [moduleKey(posix.isAbsolute(entry) ? posix.relative(settings.root.split('\\').join('/'), entry) : entry), entry]),
    );
  }

  add(text: string, file: EvidenceFile): void {
    this.order++;
    const isJson = file.relativePath.endsWith('.json');
    if (!isJson) {
      this.fileOfKey.set(moduleKey(file.relativePath), file.relativePath);
      const entry = this.configuredKeys.get(moduleKey(file.relativePath));
      if (entry !== undefined && !this.configuredFiles.has(entry)) {
        this.configuredFiles.set(entry, file.relativePath);
        // A configured module reaches further only when it makes IDs in a format of this system; one that mints
        // UUIDs is still migrated call by call, but says nothing of the literals around its callers.
        if (this.detect(text)) this.evidenceFiles.add(file.relativePath);
      } else if (entry === undefined && this.detect(text)) {
        this.detected.push(file.relativePath);
        this.evidenceFiles.add(file.relativePath);
      }
      this.scanImports(text, file);
      this.scanJsonMentions(text, file);
    } else this.jsonFiles.push(file.relativePath);
    if (text.includes('run_')) this.scanLiterals(text, file);
  }

  private scanJsonMentions(text: string, file: EvidenceFile): void {
    for (const name of jsonNamesIn(text)) {
      let files = this.jsonMentions.get(name);
      if (!files) this.jsonMentions.set(name, (files = new Set()));
      files.add(file.relativePath);
    }
  }

  private scanImports(text: string, file: EvidenceFile): void {
    const { importFrom } = this.settings;
    for (const { specifier, index } of specifiersIn(text)) {
      const where = (): string => `${file.relativePath}:${lineOf(text, index)}`;
      if (specifier === importFrom || specifier.startsWith(`${importFrom}/`)) {
        sight(this.unifiedImports, importFrom, file.relativePath, this.order, where);
        this.evidenceFiles.add(file.relativePath);
      }
      if (this.entries.length > 0) {
        const entry = matchLegacyModule(specifier, file.filePath, file.relativePath, this.entries);
        if (entry !== undefined) sight(this.configuredImports, entry, file.relativePath, this.order, where);
      }
      if (isRelativeSpecifier(specifier)) {
        const key = relativeModuleKey(file.relativePath, specifier);
        sight(this.relativeImports, key, file.relativePath, this.order, where);
        let importers = this.importersOf.get(key);
        if (!importers) this.importersOf.set(key, (importers = new Set()));
        importers.add(file.relativePath);
        let imported = this.importsOf.get(file.relativePath);
        if (!imported) this.importsOf.set(file.relativePath, (imported = []));
        imported.push(key);
      }
    }
  }

  private scanLiterals(text: string, file: EvidenceFile): void {
    literalPattern.lastIndex = 0;
    for (let match = literalPattern.exec(text); match; match = literalPattern.exec(text)) {
      const value = match[2] ?? '';
      const kind = isCanonicalRunId(value) ? 'canonical' : isLegacyRunId(value) ? 'legacy' : undefined;
      if (kind === undefined) continue;
      this.evidenceFiles.add(file.relativePath);
      const seen = this.literals.get(kind);
      if (!seen) this.literals.set(kind, { files: new Set([file.relativePath]), first: `${file.relativePath}:${lineOf(text, match.index)}`, order: this.order, literals: 1, firstValue: value });
      else {
        seen.literals++;
        seen.files.add(file.relativePath);
      }
    }
  }

  finish(): Evidence {
    const lines: string[] = [];
    const unified = this.unifiedImports.get(this.settings.importFrom);
    if (unified) lines.push(`${this.settings.importFrom} is imported by ${describeImporters([unified])}`);

    // A configured module counts when its file is in the project or something imports it (a package).
    const configured = this.entries.filter((entry) => this.configuredFiles.has(entry) || this.configuredImports.has(entry));
    if (configured.length > 0) {
      const importers = configured.map((entry) => this.configuredImports.get(entry)).filter((seen): seen is Sightings => seen !== undefined);
      const names = configured.map((entry) => this.configuredFiles.get(entry) ?? entry);
      lines.push(`${configured.length === 1 ? 'legacy ID module' : 'legacy ID modules'} ${listed(names)} (configured), ${importers.length > 0 ? `imported by ${describeImporters(importers)}` : 'not imported'}`);
    }
    if (this.detected.length > 0) {
      const importers = this.detected.map((path) => this.relativeImports.get(moduleKey(path))).filter((seen): seen is Sightings => seen !== undefined);
      lines.push(`${this.detected.length === 1 ? 'legacy ID module' : 'legacy ID modules'} ${listed(this.detected)} (recognised by its shape), ${importers.length > 0 ? `imported by ${describeImporters(importers)}` : 'not imported'}`);
    }
    for (const kind of ['canonical', 'legacy'] as const) {
      const seen = this.literals.get(kind);
      if (seen) lines.push(`${plural(seen.literals, `${kind} run ID literal`)} in ${plural(seen.files.size, 'file')} (first: ${seen.first} ${shortValue(seen.firstValue)})`);
    }
    const legacyModuleFiles = [...new Set([...this.configuredFiles.values(), ...this.detected])].sort();
    return { evidence: lines, legacyModuleFiles, reach: lines.length > 0 ? this.reach() : [] };
  }

  /**
   * The evidence files, their importers at any depth, the files these import directly (shared test helpers and
   * fixtures, whose values the importers compare with), and the JSON files any of these names.
   */
  private reach(): string[] {
    const reached = new Set(this.evidenceFiles);
    const queue = [...reached];
    while (queue.length > 0) {
      const path = queue.pop() ?? '';
      for (const importer of this.importersOf.get(moduleKey(path)) ?? []) {
        if (reached.has(importer)) continue;
        reached.add(importer);
        queue.push(importer);
      }
    }
    for (const path of [...reached]) {
      for (const key of this.importsOf.get(path) ?? []) {
        const imported = this.fileOfKey.get(key);
        if (imported !== undefined) reached.add(imported);
      }
    }
    for (const json of this.jsonFiles) {
      if ([...(this.jsonMentions.get(posix.basename(json)) ?? [])].some((path) => reached.has(path))) reached.add(json);
    }
    return [...reached].sort();
  }
}

/** `3 files (first: src/a.ts:2)`: the files importing any of the modules, and the first import in the project. */
function describeImporters(importers: readonly Sightings[]): string {
  const files = new Set(importers.flatMap((seen) => [...seen.files]));
  const first = [...importers].sort((a, b) => a.order - b.order)[0]?.first ?? '';
  return `${plural(files.size, 'file')} (first: ${first})`;
}
