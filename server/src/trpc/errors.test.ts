// How driver errors reach a client: a query the database cancelled past its time bound is a 503
// with a pt-BR message (not an unexpected 500); a lost database is a 503 too.
import { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createCallerFactory, publicProcedure, router } from './trpc';
import type { Context } from './context';

function callerThrowing(error: Error) {
  const r = router({ fail: publicProcedure.query(() => { throw error; }) });
  return createCallerFactory(r)({} as Context);
}

describe('driver errors', () => {
  it('answers a query past its maxTimeMS (MaxTimeMSExpired, as MongoDB and FerretDB v2 send it) as 503 in pt-BR', async () => {
    const timeout = new mongo.MongoServerError({ ok: 0, code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'canceling statement due to statement timeout' });
    const failure = await callerThrowing(timeout).fail().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('A consulta demorou demais') });
  });

  it('leaves other server errors as they were (an unexpected error)', async () => {
    const other = new mongo.MongoServerError({ ok: 0, code: 2, codeName: 'BadValue', errmsg: 'bad' });
    const failure = await callerThrowing(other).fail().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('answers a lost database as 503', async () => {
    const failure = await callerThrowing(new mongo.MongoNetworkError('connection closed')).fail().catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
