import { describe, expect, it } from 'vitest';
import { abortedByPostgres, lostUpsertRace, retryingLostRaces, retryWritesAbortedByPostgres } from './upsert-race';

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

describe('retryWritesAbortedByPostgres', () => {
  const deadlock = () => Object.assign(new Error('deadlock detected'), { code: 1 });
  /** A stand-in for the driver's Collection: each write fails `failures` times with `error`, then answers. */
  function collection(error: () => Error) {
    class FakeCollection {
      calls = 0;
      failures = 0;
      async updateOne(filter: object, update: object) {
        this.calls += 1;
        if (this.calls <= this.failures) throw error();
        return { filter, update, calls: this.calls };
      }
      async replaceOne(filter: object, replacement: object, options?: { upsert?: boolean }) {
        this.calls += 1;
        if (this.calls <= this.failures) throw error();
        return { filter, replacement, options, calls: this.calls };
      }
      async createIndex(keys: object) {
        this.calls += 1;
        if (this.calls <= this.failures) throw error();
        return { keys, calls: this.calls };
      }
      async updateMany() {
        this.calls += 1;
        throw error();
      }
    }
    retryWritesAbortedByPostgres(FakeCollection.prototype);
    retryWritesAbortedByPostgres(FakeCollection.prototype); // installing twice wraps once
    return new FakeCollection();
  }

  it.each([
    [{ code: 1, message: 'deadlock detected' }, true],
    [{ code: 16908292, message: 'deadlock detected' }, true],
    [{ code: 1, message: 'could not serialize access due to concurrent update' }, true],
    [{ code: 1, message: 'conflicting key value violates exclusion constraint "documents_rum_index_43"' }, true],
    [{ code: 11000, message: 'E11000 duplicate key error, deadlock detected' }, false],
    [{ code: 1, message: 'lock BufferContent is not held' }, false],
    [new Error('deadlock detected'), false],
  ])('abortedByPostgres(%j) → %s', (error, expected) => {
    expect(abortedByPostgres(error)).toBe(expected);
  });

  it('tries a single-document write PostgreSQL aborted again, with the same arguments and receiver', async () => {
    const coll = collection(deadlock);
    coll.failures = 2;
    expect(await coll.updateOne({ _id: 1 }, { $inc: { n: 1 } })).toEqual({ filter: { _id: 1 }, update: { $inc: { n: 1 } }, calls: 3 });
  });

  it('tries an index creation PostgreSQL deadlocked again (two instances starting at once create the same indexes)', async () => {
    const coll = collection(deadlock);
    coll.failures = 1;
    expect(await coll.createIndex({ name: 1 })).toEqual({ keys: { name: 1 }, calls: 2 });
  });

  it('gives up after six attempts, repeats E11000 only for an upsert, and never other errors or multi-document writes', async () => {
    const coll = collection(deadlock);
    coll.failures = 100;
    await expect(coll.updateOne({}, {})).rejects.toThrow('deadlock detected');
    expect(coll.calls).toBe(6);
    const duplicate = collection(() => Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    duplicate.failures = 1;
    await expect(duplicate.updateOne({}, {})).rejects.toThrow('E11000');
    expect(duplicate.calls).toBe(1);
    const upserted = collection(() => Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    upserted.failures = 1;
    expect(await upserted.replaceOne({ _id: 'k' }, { v: 1 }, { upsert: true })).toMatchObject({ calls: 2 });
    const many = collection(deadlock);
    await expect(many.updateMany()).rejects.toThrow('deadlock detected');
    expect(many.calls).toBe(1);
  });
});
