/**
 * Whether the stored ID can be trusted: an ID file that another user could have planted (in a directory
 * others can write, or owned by another account) is refused, so nobody can choose this installation's ID.
 * Root is trusted: it can write every file anyway.
 */
import { fsFault } from './errors';
import type { FileStat } from './fs-layer';

export interface TrustPolicy {
  /** This process's user ID; `null` where there is none (Windows): no check. */
  readonly uid: number | null;
  /** `UNIFIED_ID_TRUST_CONFIG_DIR` is set: no check. */
  readonly trustAll: boolean;
}

const WRITABLE_BY_OTHERS = 0o002;

function checks(policy: TrustPolicy): policy is TrustPolicy & { uid: number } {
  return policy.uid !== null && !policy.trustAll;
}

function foreignOwner(stat: FileStat, uid: number): boolean {
  return stat.uid !== uid && stat.uid !== 0;
}

/** Throws `UNTRUSTED_DIRECTORY` for a directory writable by every user or owned by another user. */
export function checkDirectoryTrust(stat: FileStat, directory: string, policy: TrustPolicy): void {
  if (!checks(policy) || stat.kind !== 'directory') return;
  if ((stat.mode & WRITABLE_BY_OTHERS) !== 0) {
    throw fsFault('UNTRUSTED_DIRECTORY', `${directory} is writable by every user (mode ${stat.mode.toString(8)})`);
  }
  if (foreignOwner(stat, policy.uid)) {
    throw fsFault('UNTRUSTED_DIRECTORY', `${directory} belongs to another user (uid ${stat.uid})`);
  }
}

/** Throws `UNTRUSTED_FILE` for an ID file owned by another user. */
export function checkFileTrust(stat: FileStat, file: string, policy: TrustPolicy): void {
  if (checks(policy) && foreignOwner(stat, policy.uid)) {
    throw fsFault('UNTRUSTED_FILE', `${file} belongs to another user (uid ${stat.uid})`);
  }
}
