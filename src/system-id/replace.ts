/**
 * Reset and migrate: read the record, change it, write it back, holding the writers' lock so concurrent
 * changes from other processes queue instead of overwriting each other (no history entry is lost).
 */
import { createExclusive, replaceAtomically } from './atomic-write';
import { fsFault, SystemIdError } from './errors';
import { appendHistory, type SystemIdChangeReason, type SystemIdHistoryEntry } from './history';
import { MAX_ROUNDS, type StorageContext } from './load-or-create';
import { withLock, type LockContext } from './lock';
import { serializeRecord, type SystemIdRecord } from './record';
import { quarantine, readStored } from './storage';

export interface Replaced {
  readonly record: SystemIdRecord;
  /** The ID that was stored before, `null` when there was none (or it was unreadable). */
  readonly oldStored: string | null;
}

export interface ReplaceRequest {
  readonly newId: string;
  readonly reason: SystemIdChangeReason;
  /** Compare-and-swap: replace only if this is the stored ID (`ID_MISMATCH` otherwise); `null`: any. */
  readonly expectOldId: string | null;
  /** How long to wait for another writer's lock. */
  readonly lockWaitMs: number;
}

export async function replaceRecord(context: StorageContext & LockContext, request: ReplaceRequest): Promise<Replaced> {
  const { fs, paths } = context;
  const isoNow = (): string => new Date(context.wallNow()).toISOString();
  // The lock lives in the directory, so the directory comes first.
  await fs.mkdir(paths.directory);
  return withLock(context, paths.file, request.lockWaitMs, async () => {
    let quarantinedTo: string | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const read = await readStored(context, paths);
      if (read.state === 'invalid') {
        quarantinedTo = (await quarantine(fs, paths.file, read.identity, context.wallNow())) ?? quarantinedTo;
        continue;
      }
      const oldStored = read.state === 'valid' ? read.record.id : null;
      if (request.expectOldId !== null && oldStored !== request.expectOldId) {
        throw new SystemIdError('ID_MISMATCH', `the stored ID is ${oldStored ?? 'absent'}, not ${request.expectOldId}`);
      }
      let history: readonly SystemIdHistoryEntry[] = read.state === 'valid' ? read.record.history : [];
      if (quarantinedTo !== null) {
        // The ID that followed the unreadable file: ours, or one a starting process created meanwhile.
        history = appendHistory(history, { at: isoNow(), reason: 'corrupt', oldId: null, newId: oldStored ?? request.newId, quarantinedTo });
      }
      const record: SystemIdRecord = {
        id: request.newId,
        createdAt: isoNow(),
        history: appendHistory(history, { at: isoNow(), reason: request.reason, oldId: oldStored, newId: request.newId }),
      };
      const content = serializeRecord(record);
      if (read.state === 'valid') {
        await replaceAtomically(fs, paths.file, paths.directory, content, context.pid);
        return { record, oldStored };
      }
      // No file: create it exclusively, so an ID a starting process is creating right now is never overwritten.
      if ((await createExclusive(fs, paths.file, paths.directory, content, context.pid)) === 'created') {
        return { record, oldStored };
      }
    }
    throw fsFault('UNSTABLE_FILE', `${paths.file} kept changing while being replaced`);
  });
}
