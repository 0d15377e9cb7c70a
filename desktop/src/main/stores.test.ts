// @vitest-environment node
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electron, resetElectron } from './electron.fake';
import { createSettingsStore } from './settings-store';
import { createTokenStore } from './token-store';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

let dir: string;
beforeEach(async () => {
  resetElectron();
  dir = await mkdtemp(path.join(tmpdir(), 'cau-desk-stores-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const TOKEN = 'tok_0123456789abcdef';

describe('the token store', () => {
  it('keeps the token encrypted on disk, never in clear', async () => {
    const file = path.join(dir, 'session.bin');
    await createTokenStore(file).set(TOKEN);
    expect((await readFile(file)).toString()).not.toContain(TOKEN);
    await expect(createTokenStore(file).get()).resolves.toBe(TOKEN);
  });

  it.each([
    ['no encryption at all', () => electron.safeStorage.isEncryptionAvailable.mockReturnValue(false)],
    ['the hard-coded Linux fallback key', () => electron.safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text')],
  ])('with %s, keeps the token in memory only', async (_name, arrange) => {
    if (_name.includes('Linux') && process.platform !== 'linux') return;
    arrange();
    const file = path.join(dir, 'session.bin');
    const store = createTokenStore(file);
    await store.set(TOKEN);
    await expect(store.get()).resolves.toBe(TOKEN);
    await expect(readFile(file)).rejects.toThrow();
    await expect(createTokenStore(file).get()).resolves.toBeNull();
    electron.safeStorage.isEncryptionAvailable.mockReturnValue(true);
    electron.safeStorage.getSelectedStorageBackend.mockReturnValue('gnome_libsecret');
  });

  it('ignores a file it cannot decrypt', async () => {
    const file = path.join(dir, 'session.bin');
    await writeFile(file, 'garbage');
    await expect(createTokenStore(file).get()).resolves.toBeNull();
  });

  it('forgets the token on clear', async () => {
    const file = path.join(dir, 'session.bin');
    const store = createTokenStore(file);
    await store.set(TOKEN);
    await store.clear();
    await expect(store.get()).resolves.toBeNull();
    await expect(createTokenStore(file).get()).resolves.toBeNull();
  });
});

describe('the settings store', () => {
  it('defaults to the local server', async () => {
    await expect(createSettingsStore(path.join(dir, 's.json')).get()).resolves.toEqual({ serverUrl: 'http://localhost:3000' });
  });

  it('saves a normalised address and reads it back', async () => {
    const file = path.join(dir, 's.json');
    await createSettingsStore(file).set({ serverUrl: 'https://atendimento.causp.gov.br/desk/' });
    await expect(createSettingsStore(file).get()).resolves.toEqual({ serverUrl: 'https://atendimento.causp.gov.br/desk' });
  });

  it('falls back to the default when the file was tampered with', async () => {
    const file = path.join(dir, 's.json');
    await writeFile(file, JSON.stringify({ serverUrl: 'http://attacker.example' }));
    await expect(createSettingsStore(file, 'https://atendimento.causp.gov.br').get()).resolves.toEqual({ serverUrl: 'https://atendimento.causp.gov.br' });
  });

  it('refuses a plain-http address on another machine', async () => {
    await expect(createSettingsStore(path.join(dir, 's.json')).set({ serverUrl: 'http://10.0.0.5:3000' })).rejects.toThrow();
  });
});
