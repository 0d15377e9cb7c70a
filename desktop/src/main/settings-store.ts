// The desk's own settings (which server it works against), kept as JSON in the user's data folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeServerUrl, type DeskSettings } from '../shared/contract';

export const DEFAULT_SERVER_URL = 'http://localhost:3000';

export interface SettingsStore {
  get(): Promise<DeskSettings>;
  set(settings: DeskSettings): Promise<DeskSettings>;
}

export function createSettingsStore(file: string, fallbackServerUrl = DEFAULT_SERVER_URL): SettingsStore {
  let cached: DeskSettings | undefined;
  const fallback = normalizeServerUrl(fallbackServerUrl) ?? DEFAULT_SERVER_URL;
  return {
    async get() {
      if (cached) return cached;
      let serverUrl: string | null = null;
      try {
        const stored: unknown = JSON.parse(await readFile(file, 'utf8'));
        serverUrl = normalizeServerUrl((stored as { serverUrl?: unknown } | null)?.serverUrl);
      } catch {
        // First run, or a damaged file: the default applies.
      }
      cached = { serverUrl: serverUrl ?? fallback };
      return cached;
    },
    async set(settings) {
      const serverUrl = normalizeServerUrl(settings.serverUrl);
      if (!serverUrl) throw new Error('invalid server URL');
      cached = { serverUrl };
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(cached, null, 2)}\n`);
      return cached;
    },
  };
}
