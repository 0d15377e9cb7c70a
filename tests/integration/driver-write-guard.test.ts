// The MongoDB driver, asked to write a command to a connection whose socket the other end has just
// closed (destroyed, 'close' not yet emitted), waits for a 'drain' that never comes: the command
// never settles. server/src/driver-write-guard.ts fails such a write at once. Here, against the
// real test database: first the driver's own behaviour (so this file says when a driver release
// fixes it and the guard can go), then the guard, on a pooled connection and on the server
// monitor's, whose hang kept a whole server answering 503 after a network cut.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { guardWritesToClosedSockets } from '../../server/src/driver-write-guard';

const require = createRequire(import.meta.url);
const { ns } = require('mongodb/lib/utils.js') as { ns(name: string): unknown };

interface DriverConnection {
  socket: import('node:net').Socket;
  closed: boolean;
  command(namespace: unknown, command: object, options: object): Promise<unknown>;
}
interface DriverServer {
  pool: { checkOut(options: object): Promise<DriverConnection>; checkIn(connection: DriverConnection): void };
  monitor: { connection: DriverConnection | null; requestCheck(): void };
}

/** checkOut's options: no wait-queue timeout (the pool has free connections here). */
const NO_CHECKOUT_TIMEOUT = { timeoutContext: { connectionCheckoutTimeout: null, csotEnabled: () => false } };

const clients: MongoClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close(true).catch(() => undefined)));
});

async function connect(): Promise<{ client: MongoClient; server: DriverServer }> {
  const client = await MongoClient.connect(inject('mongoUri'), { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
  clients.push(client);
  await client.db('admin').command({ ping: 1 });
  const topology = (client as unknown as { topology: { s: { servers: Map<string, DriverServer> } } }).topology;
  return { client, server: [...topology.s.servers.values()][0]! };
}

/** How the command settled within `ms`: 'resolved', 'rejected: <message>', or 'pending'. */
async function settlesWithin(command: Promise<unknown>, ms: number): Promise<string> {
  return Promise.race([
    command.then(() => 'resolved', (error: Error) => `rejected: ${error.message}`),
    sleep(ms).then(() => 'pending'),
  ]);
}

/** Destroys the socket under the connection and, in the same tick, sends a ping on it. */
function pingOnJustClosedSocket(connection: DriverConnection): Promise<unknown> {
  connection.socket.destroy();
  expect(connection.closed, "the driver has not seen the close yet: the window of the bug").toBe(false);
  return connection.command(ns('admin.$cmd'), { ping: 1 }, {});
}

describe('a command written to a socket the database just closed', () => {
  it('hangs in the driver unguarded; with the guard fails at once with a network error, and the pool goes on', async () => {
    const { client, server } = await connect();
    const unguarded = await server.pool.checkOut(NO_CHECKOUT_TIMEOUT);
    expect(await settlesWithin(pingOnJustClosedSocket(unguarded), 1_500), 'the driver no longer hangs here: driver-write-guard.ts can go').toBe('pending');

    guardWritesToClosedSockets();
    const guarded = await server.pool.checkOut(NO_CHECKOUT_TIMEOUT);
    const started = Date.now();
    expect(await settlesWithin(pingOnJustClosedSocket(guarded), 1_500)).toMatch(/^rejected: connection \S+ to \S+ closed$/);
    expect(Date.now() - started).toBeLessThan(500);
    expect(guarded.closed).toBe(true);
    server.pool.checkIn(guarded);

    // The client recovers by itself: the next operation gets a new connection.
    await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it("with the guard, the server monitor's check fails instead of hanging, and the next one succeeds", async () => {
    guardWritesToClosedSockets();
    const { client, server } = await connect();
    const heartbeats: string[] = [];
    client.on('serverHeartbeatFailed', (event) => heartbeats.push(`failed: ${(event.failure as Error).message}`));
    client.on('serverHeartbeatSucceeded', () => heartbeats.push('succeeded'));
    // The monitor checks again at once only after minHeartbeatFrequencyMS (500 ms) since its last check.
    await sleep(700);
    const monitorConnection = server.monitor.connection;
    expect(monitorConnection, 'the monitor keeps a connection between checks').not.toBeNull();
    monitorConnection!.socket.destroy();
    server.monitor.requestCheck();
    await sleep(1_000);
    // Unguarded, the check never ends: no heartbeat event at all, and the server would never be checked again.
    expect(heartbeats).toEqual([expect.stringMatching(/^failed: connection \S+ to \S+ closed$/)]);

    // The failed check made the server Unknown; the next operation asks for a check, which connects anew.
    await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    expect(heartbeats.at(-1)).toBe('succeeded');
  });
});
