// Loaded into the server child with `npm run bench:api -- --command-times`: times every database
// command the server sends (driver command monitoring) and writes the totals per command and
// collection to bench/results/command-times-<pid>.json every 2 s, slowest total first. It tells
// where a procedure's time goes: the engine, or the server waiting on itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';

const totals = new Map<string, { count: number; totalMs: number; maxMs: number }>();
const started = new Map<number, CommandStartedEvent>();
const connect = mongoose.connect.bind(mongoose);

mongoose.connect = (async (uri: string, options?: mongoose.ConnectOptions) => {
  const connected = await connect(uri, { ...options, monitorCommands: true });
  const client = mongoose.connection.getClient();
  client.on('commandStarted', (event: CommandStartedEvent) => started.set(event.requestId, event));
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    const start = started.get(event.requestId);
    started.delete(event.requestId);
    const target = start?.command[event.commandName];
    const key = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    const entry = totals.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
    entry.count += 1;
    entry.totalMs += event.duration;
    entry.maxMs = Math.max(entry.maxMs, event.duration);
    totals.set(key, entry);
  });
  client.on('commandFailed', (event) => started.delete(event.requestId));
  return connected;
}) as typeof mongoose.connect;

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
mkdirSync(dir, { recursive: true });
setInterval(() => {
  const rows = [...totals].sort((a, b) => b[1].totalMs - a[1].totalMs).map(([command, t]) => ({
    command, count: t.count, meanMs: Number((t.totalMs / t.count).toFixed(2)), maxMs: t.maxMs,
  }));
  writeFileSync(path.join(dir, `command-times-${process.pid}.json`), JSON.stringify(rows, null, 1));
}, 2_000).unref();
