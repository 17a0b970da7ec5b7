/**
 * Environment variables: the telemetry opt-out and the ID override. Always read from the env object
 * handed in (never at import time), so each store and each test sees its own environment.
 */
import { isUuid, normalizeUuid } from './uuid';

export type SystemIdEnv = Readonly<Record<string, string | undefined>>;

export const ENV_CONFIG_DIR = 'UNIFIED_ID_CONFIG_DIR';
export const ENV_SYSTEM_ID = 'UNIFIED_ID_SYSTEM_ID';
export const ENV_TELEMETRY_DISABLED = 'UNIFIED_ID_TELEMETRY_DISABLED';
export const ENV_DO_NOT_TRACK = 'DO_NOT_TRACK';
export const ENV_TRUST_CONFIG_DIR = 'UNIFIED_ID_TRUST_CONFIG_DIR';

const TRUTHY = new Set(['1', 'true', 'yes']);

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/** True when `UNIFIED_ID_TELEMETRY_DISABLED` or `DO_NOT_TRACK` is `1`, `true` or `yes` (any case). */
export function isTelemetryDisabled(env: SystemIdEnv = process.env): boolean {
  return isTruthy(env[ENV_TELEMETRY_DISABLED]) || isTruthy(env[ENV_DO_NOT_TRACK]);
}

/**
 * True when `UNIFIED_ID_TRUST_CONFIG_DIR` is `1`, `true` or `yes`: use the directory and the ID file even when
 * other users could have written them (a shared directory set up on purpose).
 */
export function isConfigDirTrusted(env: SystemIdEnv): boolean {
  return isTruthy(env[ENV_TRUST_CONFIG_DIR]);
}

export type EnvOverride =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly id: string }
  | { readonly kind: 'invalid'; readonly value: string };

/** `UNIFIED_ID_SYSTEM_ID`: unset or empty means none; anything else must be a UUID (stored lowercase). */
export function readEnvOverride(env: SystemIdEnv): EnvOverride {
  const raw = env[ENV_SYSTEM_ID]?.trim();
  if (raw === undefined || raw === '') return { kind: 'none' };
  return isUuid(raw) ? { kind: 'valid', id: normalizeUuid(raw) } : { kind: 'invalid', value: raw };
}
