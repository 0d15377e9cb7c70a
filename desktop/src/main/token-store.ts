// The session token lives here, in main, never in the renderer's storage: encrypted with the OS
// keychain (safeStorage) when one is available, otherwise only in memory for this run.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import { isSessionToken } from '../shared/contract';

export interface TokenStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
}

/** Linux without a keyring falls back to a hard-coded key ("basic_text"): that is not protection. */
function canEncrypt(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

export function createTokenStore(file: string): TokenStore {
  let cached: string | null | undefined;
  return {
    async get() {
      if (cached !== undefined) return cached;
      cached = null;
      if (!canEncrypt()) return null;
      try {
        const token = safeStorage.decryptString(await readFile(file));
        if (isSessionToken(token)) cached = token;
      } catch {
        // No saved session, or one this user's keychain cannot open: sign in again.
      }
      return cached;
    },
    async set(token) {
      cached = token;
      if (!canEncrypt()) {
        await rm(file, { force: true });
        return;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, safeStorage.encryptString(token), { mode: 0o600 });
    },
    async clear() {
      cached = null;
      await rm(file, { force: true });
    },
  };
}
