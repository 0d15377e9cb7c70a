// A guard around one step of the MongoDB driver (6.x, up to 6.22 at least): writing a command to a
// connection whose socket the other end has just closed. The socket is already destroyed but its
// 'close' event has not run yet, so the driver still takes the connection for open; Node answers
// the write with `false` and never emits 'drain' (nor 'error') on a destroyed socket, and the
// driver waits for that 'drain' with no timeout: the command never settles. When the connection is
// the server monitor's, the monitor stays "checking" forever, the server stays Unknown, every
// operation fails server selection, and the API answers 503 until a restart: seen after a network
// cut, about 1 restore in 20 (tests/integration/faults.test.ts, driver-write-guard.test.ts).
// The guard fails such a write at once with the driver's own "connection … closed" network error,
// through the connection's error path, so the pool and the monitor handle it as any lost connection.
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import mongoose from 'mongoose';

interface DriverConnection {
  id: number | string;
  address: string;
  socket: Socket;
  onError(error: Error): void;
  writeCommand(...args: unknown[]): Promise<void>;
}

let installed = false;

function closedError(connection: DriverConnection): Error {
  return new mongoose.mongo.MongoNetworkError(`connection ${connection.id} to ${connection.address} closed`);
}

/** Installs the guard on the driver's Connection class (once per process). */
export function guardWritesToClosedSockets(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  // Not part of the driver's public API: the same module instance that mongoose's driver uses (one
  // `mongodb` in the tree, package.json overrides).
  const { Connection } = require('mongodb/lib/cmap/connection.js') as { Connection: { prototype: DriverConnection } };
  const write = Connection.prototype.writeCommand;
  Connection.prototype.writeCommand = async function writeCommand(this: DriverConnection, ...args: unknown[]) {
    const { socket } = this;
    const fail = () => {
      const error = closedError(this);
      this.onError(error);
      return error;
    };
    if (socket.destroyed) throw fail();
    let onClose: (() => void) | undefined;
    // The socket may also go while the command is being encoded or waits for 'drain'.
    const closed = new Promise<never>((_, reject) => {
      onClose = () => reject(fail());
      socket.once('close', onClose);
    });
    closed.catch(() => undefined);
    const written = write.apply(this, args);
    written.catch(() => undefined);
    try {
      return await Promise.race([written, closed]);
    } finally {
      socket.off('close', onClose!);
    }
  };
}
