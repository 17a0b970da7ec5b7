import { describe, expect, it } from 'vitest';
import { appendHistory, MAX_HISTORY_ENTRIES, type SystemIdHistoryEntry } from '../../src/system-id/history';
import { MAX_RECORD_BYTES, parseRecord, serializeRecord } from '../../src/system-id/record';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('system-id.json format', () => {
  it('round-trips a record', () => {
    const history: SystemIdHistoryEntry[] = [{ at: '2026-01-01T00:00:00.000Z', reason: 'reset', oldId: OTHER, newId: ID }];
    const text = serializeRecord({ id: ID, createdAt: '2026-01-01T00:00:00.000Z', history });
    expect(JSON.parse(text)).toEqual({ format: 'unified-id/system-id', version: 1, id: ID, createdAt: '2026-01-01T00:00:00.000Z', history });
    expect(parseRecord(text)).toEqual({ ok: true, record: { id: ID, createdAt: '2026-01-01T00:00:00.000Z', history } });
  });

  it('classifies empty, corrupt, truncated, wrong-shape and oversized content', () => {
    const full = serializeRecord({ id: ID, createdAt: null, history: [] });
    expect(parseRecord('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseRecord(' \n')).toEqual({ ok: false, reason: 'empty' });
    expect(parseRecord('{not json')).toEqual({ ok: false, reason: 'corrupt' });
    expect(parseRecord(full.slice(0, full.length / 2))).toEqual({ ok: false, reason: 'corrupt' });
    expect(parseRecord('{"id":"nope"}')).toEqual({ ok: false, reason: 'wrong-shape' });
    expect(parseRecord('[1,2]')).toEqual({ ok: false, reason: 'wrong-shape' });
    expect(parseRecord('"x"')).toEqual({ ok: false, reason: 'wrong-shape' });
    expect(parseRecord(`{"id":"${ID}","pad":"${'x'.repeat(MAX_RECORD_BYTES)}"}`)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('keeps a readable ID even when the rest of the file is damaged', () => {
    expect(parseRecord(`${ID.toUpperCase()}\n`)).toEqual({ ok: true, record: { id: ID, createdAt: null, history: [] } });
    const parsed = parseRecord(JSON.stringify({ id: ID, createdAt: 'yesterday', history: [{ reason: 'bogus' }, 7] }));
    expect(parsed).toEqual({ ok: true, record: { id: ID, createdAt: null, history: [] } });
  });

  it('bounds the history to the newest entries', () => {
    let history: readonly SystemIdHistoryEntry[] = [];
    for (let i = 0; i < MAX_HISTORY_ENTRIES + 5; i++) {
      history = appendHistory(history, { at: new Date(i).toISOString(), reason: 'reset', oldId: null, newId: ID });
    }
    expect(history).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(history[0]?.at).toBe(new Date(5).toISOString());
  });
});
