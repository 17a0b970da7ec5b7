export {
  clearSystemIdCache,
  diagnoseSystemId,
  flushSystemId,
  generateSystemId,
  getSystemId,
  getSystemIdInfo,
  migrateSystemId,
  resetSystemId,
  systemIdHistory,
} from './api';
export { createSystemIdStore } from './store';
export type { GetSystemIdOptions, SystemIdChange, SystemIdStore, SystemIdStoreOptions } from './store';
export { deterministicSystemId, SYSTEM_ID_NAMESPACE } from './deterministic';
export { uuidV8FromSha256 } from './uuid';
export {
  ENV_CONFIG_DIR,
  ENV_DO_NOT_TRACK,
  ENV_SYSTEM_ID,
  ENV_TELEMETRY_DISABLED,
  ENV_TRUST_CONFIG_DIR,
  isTelemetryDisabled,
} from './env';
export type { SystemIdEnv } from './env';
export { resolveSystemIdPaths, SYSTEM_ID_DIRECTORY_NAME, SYSTEM_ID_FILE_NAME } from './paths';
export type { PathInputs, PathResolution, SystemIdPaths } from './paths';
export { SystemIdError } from './errors';
export type { SystemIdErrorCode } from './errors';
export { nodeFileSystem } from './fs-layer';
export type { FileStat, SystemIdFileSystem } from './fs-layer';
export { unrefTimers } from './timers';
export type { SystemIdTimers } from './timers';
export { DEFAULT_RETRY_POLICY } from './retry';
export type { RetryPolicy } from './retry';
export { MAX_HISTORY_ENTRIES } from './history';
export type { SystemIdChangeReason, SystemIdHistoryEntry } from './history';
export type { ProbeStep, SystemIdDiagnosis } from './diagnose';
export type { SystemIdInfo, SystemIdSource, SystemIdWarning, SystemIdWarningCode } from './types';
