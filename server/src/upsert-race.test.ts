import { describe, expect, it } from 'vitest';
import { lostUpsertRace, retryingLostRaces } from './upsert-race';

describe('lostUpsertRace', () => {
  it.each([
    [{ code: 11000, message: 'E11000 duplicate key error collection: x index: key_1' }, true],
    [{ code: 1, message: 'conflicting key value violates exclusion constraint "documents_rum_index_43"' }, true],
    [{ code: 1, message: 'deadlock detected' }, true],
    [{ code: 1, message: 'lock BufferContent is not held' }, false],
    [{ code: 2, message: 'deadlock detected' }, false],
    [new Error('network'), false],
    [undefined, false],
  ])('%j → %s', (error, expected) => {
    expect(lostUpsertRace(error)).toBe(expected);
  });
});

describe('retryingLostRaces', () => {
  it('tries a lost race again and returns the result of the try that won', async () => {
    let calls = 0;
    const result = await retryingLostRaces(async () => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('deadlock detected'), { code: 1 });
      return 'done';
    });
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after the last attempt, and never retries other errors', async () => {
    let calls = 0;
    const race = Object.assign(new Error('E11000'), { code: 11000 });
    await expect(retryingLostRaces(async () => { calls += 1; throw race; }, 2)).rejects.toBe(race);
    expect(calls).toBe(2);
    calls = 0;
    const other = new Error('boom');
    await expect(retryingLostRaces(async () => { calls += 1; throw other; })).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
