// @vitest-environment node
// Main's handlers, the preload's bindings and the contract must list the same channels, each
// binding calling its own channel: a channel added on one side only fails here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENTS, EVENT_CHANNELS, INVOKE, INVOKE_CHANNELS, type DeskBridge } from '../shared/contract';
import { createBridge } from '../preload/bridge';
import { FakeBrowserWindow, electron, resetElectron } from './electron.fake';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

let dir: string;
beforeEach(async () => {
  resetElectron();
  dir = await mkdtemp(path.join(tmpdir(), 'cau-desk-contract-'));
  electron.app.getPath.mockReturnValue(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const methodsOf = (bridge: DeskBridge) => Object.keys(bridge).sort();
const contractMethods = () => [...INVOKE_CHANNELS.map((c) => INVOKE[c].method), ...EVENT_CHANNELS.map((c) => EVENTS[c].method)].sort();

describe('the IPC contract', () => {
  it('gives every channel its own method name', () => {
    expect(new Set(contractMethods()).size).toBe(INVOKE_CHANNELS.length + EVENT_CHANNELS.length);
  });

  it("main handles exactly the contract's channels", async () => {
    const { bootstrap } = await import('./desk-app');
    bootstrap({ renderer: dir, preload: path.join(dir, 'index.cjs'), resources: dir }, { devUrl: null });
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it("the preload binds exactly the contract's methods, and nothing generic", () => {
    const bridge = createBridge(electron.ipcRenderer as never);
    expect(methodsOf(bridge)).toEqual(contractMethods());
    expect(Object.keys(bridge)).not.toContain('invoke');
    expect(Object.keys(bridge)).not.toContain('send');
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it.each(INVOKE_CHANNELS)('%s: its preload method invokes that channel with the arguments as given', async (channel) => {
    const bridge = createBridge(electron.ipcRenderer as never) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    electron.ipcRenderer.invoke.mockResolvedValueOnce('answer');
    const args = channel.endsWith(':get') || channel === 'session:clear' || channel === 'session:access' ? []
      : channel === 'session:exchange' ? ['auth.login', { probe: channel }] : [{ probe: channel }];
    await expect(bridge[INVOKE[channel].method]!(...args)).resolves.toBe('answer');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channel, ...args);
  });

  it.each(EVENT_CHANNELS)('%s: its preload method subscribes to that channel and can unsubscribe', (channel) => {
    const bridge = createBridge(electron.ipcRenderer as never) as unknown as Record<string, (listener: (...a: unknown[]) => void) => () => void>;
    const listener = vi.fn();
    const off = bridge[EVENTS[channel].method]!(listener);
    const [registered] = electron.ipcRenderer.listeners.get(channel)!;
    registered!({ sender: 'ipc internals' }, '2026-000042');
    // The page gets the protocol only, never Electron's event object.
    expect(listener).toHaveBeenCalledWith('2026-000042');
    registered!({}, '../../etc/passwd');
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    expect(electron.ipcRenderer.listeners.get(channel)!.size).toBe(0);
  });

  it('the preload script exposes the bridge under one name, and only it', async () => {
    await import('../preload/index'); // runs once per test file: its only effect is this call
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
    expect(key).toBe('cauDesk');
    expect(Object.keys(api as object).sort()).toEqual(contractMethods());
  });
});
