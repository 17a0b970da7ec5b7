/**
 * One persistence attempt: read the stored ID, or quarantine an unreadable file, or create the file with
 * the candidate ID, adopting whatever another process stored first.
 */
import { fsFault } from './errors';
import type { SystemIdFileSystem } from './fs-layer';
import { appendHistory, type SystemIdHistoryEntry } from './history';
import type { SystemIdPaths } from './paths';
import type { InvalidReason } from './record';
import { serializeRecord } from './record';
import { quarantine, readStored, type ReadContext } from './storage';
import { createExclusive } from './atomic-write';

export interface StorageContext extends ReadContext {
  readonly fs: SystemIdFileSystem;
  readonly pid: number;
  readonly paths: SystemIdPaths;
}

export interface Loaded {
  readonly id: string;
  readonly createdAt: string | null;
  readonly history: readonly SystemIdHistoryEntry[];
  /** True when this attempt wrote the file (false: it was there, or another process won the race). */
  readonly created: boolean;
  readonly quarantined: { readonly reason: InvalidReason; readonly to: string } | null;
}

// read → (quarantine → read) → create → (lost the race → read the winner): four rounds cover every path.
export const MAX_ROUNDS = 4;

export async function loadOrCreate(
  context: StorageContext,
  candidate: { readonly id: string; readonly createdAt: string },
): Promise<Loaded> {
  const { fs, paths } = context;
  let quarantined: Loaded['quarantined'] = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const read = await readStored(context, paths);
    if (read.state === 'valid') return { ...read.record, created: false, quarantined };
    if (read.state === 'invalid') {
      const to = await quarantine(fs, paths.file, read.identity, context.wallNow());
      if (to !== null) quarantined = { reason: read.reason, to };
      continue;
    }
    await fs.mkdir(paths.directory);
    const history: readonly SystemIdHistoryEntry[] =
      quarantined === null
        ? []
        : appendHistory([], {
            at: new Date(context.wallNow()).toISOString(),
            reason: 'corrupt',
            oldId: null,
            newId: candidate.id,
            quarantinedTo: quarantined.to,
          });
    const record = { id: candidate.id, createdAt: candidate.createdAt, history };
    const result = await createExclusive(fs, paths.file, paths.directory, serializeRecord(record), context.pid);
    if (result === 'created') return { ...record, created: true, quarantined };
  }
  throw fsFault('UNSTABLE_FILE', `${paths.file} kept changing while being read`);
}
