import { describe, expect, it } from 'vitest';
import { appendHistory, MAX_HISTORY_ENTRIES, sanitizeHistory, type SystemIdHistoryEntry } from '../../src/system-id/history';
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

describe('parseRecord edge cases', () => {
  it('reports JSON values that are not objects as wrong-shape, never throwing', () => {
    for (const text of ['null', ' null\n', 'true', '0', '[]', `"${ID}"`, '{}', '{"id":null}', `{"id":"${ID}x"}`]) {
      expect(parseRecord(text), text).toEqual({ ok: false, reason: 'wrong-shape' });
    }
  });

  it('takes the size limit at exactly MAX_RECORD_BYTES', () => {
    const record = JSON.stringify({ id: ID });
    const atLimit = record + ' '.repeat(MAX_RECORD_BYTES - record.length);
    expect(atLimit).toHaveLength(MAX_RECORD_BYTES);
    expect(parseRecord(atLimit)).toMatchObject({ ok: true, record: { id: ID } });
    expect(parseRecord(`${atLimit} `)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('never reads a UUID out of surrounding text', () => {
    for (const text of [`id: ${ID}`, `${ID} and more`, `${ID}0`, `x${ID}`]) {
      expect(parseRecord(text).ok, text).toBe(false);
    }
  });

  it('keeps a valid createdAt, drops an unparseable or non-string one, and lowercases the ID', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(parseRecord(JSON.stringify({ id: ID.toUpperCase(), createdAt: at }))).toEqual({ ok: true, record: { id: ID, createdAt: at, history: [] } });
    expect(parseRecord(JSON.stringify({ id: ID, createdAt: 'not a date' }))).toMatchObject({ record: { createdAt: null } });
    expect(parseRecord(JSON.stringify({ id: ID, createdAt: 1_700_000_000_000 }))).toMatchObject({ record: { createdAt: null } });
  });

  it('serializes to indented JSON with a final newline', () => {
    expect(serializeRecord({ id: ID, createdAt: null, history: [] })).toBe(
      `{\n  "format": "unified-id/system-id",\n  "version": 1,\n  "id": "${ID}",\n  "createdAt": null,\n  "history": []\n}\n`,
    );
  });
});

describe('sanitizeHistory', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const good: SystemIdHistoryEntry = { at, reason: 'reset', oldId: OTHER, newId: ID };

  it('keeps well-formed entries, lowercasing their IDs and keeping a string quarantinedTo', () => {
    expect(sanitizeHistory([{ ...good, oldId: OTHER.toUpperCase(), newId: ID.toUpperCase() }])).toEqual([good]);
    expect(sanitizeHistory([{ ...good, reason: 'corrupt', oldId: null, quarantinedTo: '/x.corrupt' }])).toEqual([
      { ...good, reason: 'corrupt', oldId: null, quarantinedTo: '/x.corrupt' },
    ]);
    expect(sanitizeHistory([{ ...good, reason: 'migrate', quarantinedTo: 7 }])).toEqual([{ ...good, reason: 'migrate' }]);
  });

  it('drops each kind of damaged entry and keeps the rest', () => {
    const damaged: unknown[] = [
      null,
      7,
      'reset',
      { ...good, at: 'yesterday-ish' },
      { ...good, at: 1_700_000_000_000 },
      { ...good, reason: 'Reset' },
      { ...good, reason: 'deleted' },
      { ...good, reason: 3 },
      { ...good, newId: 'nope' },
      { ...good, newId: null },
      { ...good, oldId: 'nope' },
      { ...good, oldId: undefined },
      { ...good, oldId: '00000000-0000-0000-0000-000000000000' },
    ];
    expect(sanitizeHistory([...damaged, good])).toEqual([good]);
  });

  it('is empty for anything that is not an array', () => {
    for (const value of [undefined, null, {}, 'x', { length: 1, 0: good }]) expect(sanitizeHistory(value)).toEqual([]);
  });

  it('keeps only the newest MAX_HISTORY_ENTRIES of a longer stored history', () => {
    const entries = Array.from({ length: MAX_HISTORY_ENTRIES + 5 }, (_, i) => ({ ...good, at: new Date(i * 1_000).toISOString() }));
    const kept = sanitizeHistory(entries);
    expect(kept).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(kept.map((e) => e.at)).toEqual(entries.slice(5).map((e) => e.at));
    expect(sanitizeHistory(entries.slice(0, MAX_HISTORY_ENTRIES))).toHaveLength(MAX_HISTORY_ENTRIES);
  });

  it('appendHistory keeps exactly MAX_HISTORY_ENTRIES, dropping the oldest', () => {
    const full = Array.from({ length: MAX_HISTORY_ENTRIES }, (_, i) => ({ ...good, at: new Date(i).toISOString() }));
    const next = { ...good, at: new Date(99).toISOString() };
    expect(appendHistory(full.slice(1), next)).toEqual([...full.slice(1), next]);
    expect(appendHistory(full, next)).toEqual([...full.slice(1), next]);
    expect(MAX_HISTORY_ENTRIES).toBe(20);
  });
});
