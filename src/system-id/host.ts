/**
 * This host's name and whether a process runs on it: how a lock or temp file left by a killed process is
 * recognised as stale.
 */
import { hostname } from 'node:os';
import { faultCodeOf } from './errors';

/** False only when no process `pid` runs here (`kill(pid, 0)` says ESRCH); EPERM means it runs as another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return faultCodeOf(error) !== 'ESRCH';
  }
}

export function hostName(): string {
  try {
    return hostname();
  } catch {
    return '';
  }
}
