/**
 * Type-checked programs for rules with `needsTypes`: one program per tsconfig, holding only the candidate files
 * (with the text the runner read) and the files the rule's project pass named (read from disk), so a 10k-file
 * repository costs one program of those plus what they import, never the whole tsconfig `include`.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { ts } from 'ts-morph';

export interface TypedFile {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
}

export interface CandidateFile {
  readonly filePath: string;
  readonly text: string;
}

/** Nearest `tsconfig.json` walking up from `filePath`'s folder to the file-system root, or `undefined`. */
export function findTsConfig(filePath: string, cache: Map<string, string | undefined> = new Map()): string | undefined {
  const visited: string[] = [];
  let folder = dirname(resolve(filePath));
  let found: string | undefined;
  for (;;) {
    if (cache.has(folder)) {
      found = cache.get(folder);
      break;
    }
    visited.push(folder);
    const candidate = join(folder, 'tsconfig.json');
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      found = candidate;
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const seen of visited) cache.set(seen, found);
  return found;
}

/** Where the embedded lib files are served from (a path no real file has). */
const embeddedLibFolder = '/__unified-id__/typescript/lib';

let embeddedLibs: Map<string, string> | null | undefined;

/**
 * TypeScript's lib files (`lib.es2022.d.ts` …): from disk when the running TypeScript has them beside it, else the
 * copies ts-morph embeds (its bundled TypeScript has no lib folder). `undefined` means "use the disk".
 */
function libraryFiles(options: ts.CompilerOptions): Map<string, string> | undefined {
  if (ts.sys.fileExists(ts.getDefaultLibFilePath(options))) return undefined;
  if (embeddedLibs === undefined) {
    try {
      // The running TypeScript is ts-morph's bundled copy, inside `@ts-morph/common`.
      const common = createRequire(ts.sys.getExecutingFilePath())('@ts-morph/common') as { getLibFiles?: () => readonly { fileName: string; text: string }[] };
      embeddedLibs = new Map((common.getLibFiles?.() ?? []).map((file) => [file.fileName, file.text]));
    } catch {
      embeddedLibs = null;
    }
  }
  return embeddedLibs ?? undefined;
}

/** Parsed lib files, shared by every program (as TypeScript's document registry shares them). */
const libSourceFiles = new Map<string, ts.SourceFile>();

function cachedLibSourceFile(fileName: string, text: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile {
  const key = `${fileName}\u0000${JSON.stringify(languageVersion)}`;
  let sourceFile = libSourceFiles.get(key);
  if (!sourceFile) libSourceFiles.set(key, (sourceFile = ts.createSourceFile(fileName, text, languageVersion, false)));
  return sourceFile;
}

/**
 * One program for the files of one tsconfig: its compiler options, the given files with the given text as roots
 * (plus the tsconfig's own ambient `.d.ts` files, which shape types without being imported), everything they
 * import read from disk. Built with TypeScript's own compiler host rather than a ts-morph `Project`: adding
 * 1.5k candidates to a `Project` (`createSourceFile`) took 2.5–3× longer than building the same program here.
 */
function buildProgram(tsconfig: string, files: readonly CandidateFile[], extraRoots: readonly string[]): ts.Program | null {
  let configError = false;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => {
      configError = true;
    },
  });
  if (!parsed || configError) return null;
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true };
  const texts = new Map(files.map((file) => [file.filePath, file.text]));
  const host = ts.createCompilerHost(options, false);
  const libs = libraryFiles(options);
  if (libs) {
    host.getDefaultLibLocation = () => embeddedLibFolder;
    host.getDefaultLibFileName = (compilerOptions) => `${embeddedLibFolder}/${ts.getDefaultLibFileName(compilerOptions)}`;
  }
  const libText = (fileName: string): string | undefined =>
    libs && fileName.startsWith(`${embeddedLibFolder}/`) ? libs.get(basename(fileName)) : undefined;
  const readFromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = texts.get(resolve(fileName));
    // Rules walk up from nodes: the candidates get parent pointers from the start.
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    const lib = libText(fileName);
    if (lib !== undefined) return cachedLibSourceFile(fileName, lib, languageVersion);
    return readFromDisk(fileName, languageVersion, onError, shouldCreate);
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => texts.get(resolve(fileName)) ?? libText(fileName) ?? readFile(fileName);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => texts.has(resolve(fileName)) || libText(fileName) !== undefined || fileExists(fileName);
  const ambient = parsed.fileNames.filter((name) => name.endsWith('.d.ts') && !name.includes('/node_modules/'));
  return ts.createProgram({ rootNames: [...files.map((file) => file.filePath), ...extraRoots, ...ambient], options, host });
}

/**
 * Groups `files` by nearest tsconfig and returns a lookup giving each file's node in the type-checked program
 * and that program's checker; `undefined` when no tsconfig covers the file (or the program rejects it, e.g. a
 * `.js` file under a tsconfig without `allowJs`), so the rule falls back to syntactic evidence.
 * `extraRoots` (absolute paths, read from disk) join the program of their own tsconfig as roots: files a rule's
 * project-wide analysis must see although nothing imports them and they have nothing to rewrite.
 * A program is built lazily, on the first lookup of one of its files, and only once per tsconfig.
 */
export function loadTypedFiles(files: readonly CandidateFile[], extraRoots: readonly string[] = []): (filePath: string) => TypedFile | undefined {
  const tsconfigCache = new Map<string, string | undefined>();
  const groups = new Map<string, CandidateFile[]>();
  const extraGroups = new Map<string, string[]>();
  const tsconfigOf = new Map<string, string>();
  for (const file of files) {
    const absolute = resolve(file.filePath);
    const tsconfig = findTsConfig(absolute, tsconfigCache);
    if (tsconfig === undefined) continue;
    tsconfigOf.set(absolute, tsconfig);
    let group = groups.get(tsconfig);
    if (!group) groups.set(tsconfig, (group = []));
    group.push({ filePath: absolute, text: file.text });
  }
  for (const path of extraRoots) {
    const absolute = resolve(path);
    const tsconfig = tsconfigOf.has(absolute) ? undefined : findTsConfig(absolute, tsconfigCache);
    if (tsconfig === undefined) continue;
    let group = extraGroups.get(tsconfig);
    if (!group) extraGroups.set(tsconfig, (group = []));
    group.push(absolute);
  }

  const programs = new Map<string, ts.Program | null>();
  const programFor = (tsconfig: string): ts.Program | null => {
    const cached = programs.get(tsconfig);
    if (cached !== undefined) return cached;
    let program: ts.Program | null;
    try {
      program = buildProgram(tsconfig, groups.get(tsconfig) ?? [], extraGroups.get(tsconfig) ?? []);
    } catch {
      // An unreadable or invalid tsconfig leaves its files to the syntactic fallback rather than failing the run.
      program = null;
    }
    programs.set(tsconfig, program);
    return program;
  };

  return (filePath) => {
    const absolute = resolve(filePath);
    const tsconfig = tsconfigOf.get(absolute);
    if (tsconfig === undefined) return undefined;
    const program = programFor(tsconfig);
    if (!program) return undefined;
    const sourceFile = program.getSourceFile(absolute);
    if (!sourceFile) return undefined;
    return { sourceFile, checker: program.getTypeChecker(), program };
  };
}
