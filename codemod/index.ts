/** Programmatic API of the codemod (used by tests and the demo; not part of the package's public exports). */
export { migrate, UsageError } from './engine/runner';
export type { MigrateOptions } from './engine/runner';
export type { MigrateReport, MigrateResult, ChangedFile, ReportedWarning, SkippedFile, SnapshotFile, MigrateMode } from './engine/report';
export { reportVersion } from './engine/report';
export type { FileSystem } from './engine/file-system';
export { nodeFileSystem } from './engine/file-system';
export { main } from './main';
export type { CliIO } from '../src/cli/io';
export { allRules, findRules } from './rules/index';
