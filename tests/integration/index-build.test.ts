// Start-up's index builds on a database that takes long to build one (a big existing collection:
// a million tickets on FerretDB v2, or an upgrade adding an index in production). The database here
// is the test engine behind a proxy that holds a `createIndexes` of `tickets` before passing it on,
// and the main connection's socket timeout is made shorter than that hold: a build sent through the
// main connection fails, as 30 s builds did on the real one.
import { randomBytes } from 'node:crypto';
import '@cau/server';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syncIndexes } from '../../server/src/db';
import type { Logger } from '../../server/src/log';
import { databaseUri } from '../support/harness';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const HOLD_MS = 1_500;
const MAIN_SOCKET_TIMEOUT_MS = 500;

describe('index builds at start', () => {
  const dbName = `cau_indexes_${randomBytes(4).toString('hex')}`;
  let proxy: TcpProxy;
  let uri: string;
  let direct: MongoClient;
  /** How many more `createIndexes` commands on `tickets` the proxy holds. */
  let toHold = 0;
  let held = 0;

  beforeAll(async () => {
    const target = new URL(inject('mongoUri'));
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) }, 0, {
      holdClientMessage(message) {
        if (toHold === 0 || !message.includes('createIndexes') || !message.includes('tickets\0')) return 0;
        toHold -= 1;
        held += 1;
        return HOLD_MS;
      },
    });
    uri = `mongodb://127.0.0.1:${proxy.port}/${dbName}?directConnection=true`;
    direct = await MongoClient.connect(databaseUri(inject('mongoUri'), dbName));
    await direct.db().collection('tickets').insertOne({ protocol: 'ATD-2026-000001', status: 'open' });
    await mongoose.connect(uri, { socketTimeoutMS: MAIN_SOCKET_TIMEOUT_MS, serverSelectionTimeoutMS: 5_000, autoIndex: false, autoCreate: false });
  });

  afterAll(async () => {
    await mongoose.disconnect();
    await direct?.db().dropDatabase().catch(() => undefined);
    await direct?.close();
    await proxy?.close();
  });

  it('builds every index through a connection without the main socket timeout, and says which build start-up waits for', async () => {
    // The premise: on the main connection a held build fails.
    toHold = 1;
    await expect(mongoose.connection.collection('tickets').createIndex({ premise: 1 })).rejects.toThrow(/timed out/);
    expect(held).toBe(1);
    await direct.db().collection('tickets').dropIndex('premise_1').catch(() => undefined);

    const lines: Array<{ fields: Record<string, unknown>; msg: string }> = [];
    const log = {
      info: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }),
      debug: () => undefined,
      warn: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }),
    } as unknown as Logger;

    toHold = 1;
    await syncIndexes(uri, log, { slowBuildMs: 300 });
    expect(held).toBe(2);

    // Every index the ticket schema declares is there, named as mongoose names it.
    const ticketModel = Object.values(mongoose.models).find((model) => model.collection.collectionName === 'tickets')!;
    const declared = ticketModel.schema.indexes().map(([fields, options]) => (options as { name?: string }).name
      ?? Object.entries(fields).map(([field, order]) => `${field}_${String(order)}`).join('_'));
    expect(declared.length).toBeGreaterThan(5);
    const present = (await direct.db().collection('tickets').indexes()).map((index) => index.name);
    expect(present).toEqual(expect.arrayContaining(declared));
    // And the other models' too (one sample beyond tickets: the sessions' unique token index).
    expect((await direct.db().collection('sessions').indexes()).length).toBeGreaterThan(1);

    // One line for the held build, naming its collection; none for the builds that were quick.
    const slow = lines.filter((line) => line.msg.startsWith('building an index'));
    expect(slow).toHaveLength(1);
    expect(slow[0]!.fields.collection).toBe('tickets');
    expect(lines.some((line) => line.msg === 'indexes in place' && line.fields.slowBuilds === 1)).toBe(true);

    // The main connection kept its own bound, and the build's connection is closed.
    expect(mongoose.connection.getClient().options.socketTimeoutMS).toBe(MAIN_SOCKET_TIMEOUT_MS);
    expect(mongoose.connections.filter((connection) => connection.readyState === mongoose.ConnectionStates.connected)).toHaveLength(1);
  });
});
