// The renderer's whole view of Electron: one named function per contract channel, nothing generic.
// Kept apart from index.ts so tests can build it around a fake ipcRenderer.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { isProtocol, type DeskBridge } from '../shared/contract';

type Ipc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: Ipc): DeskBridge {
  return {
    getAccessToken: () => ipc.invoke('session:access'),
    exchangeSession: (procedure, input) => ipc.invoke('session:exchange', procedure, input),
    clearSession: () => ipc.invoke('session:clear'),
    getSettings: () => ipc.invoke('settings:get'),
    setSettings: (settings) => ipc.invoke('settings:set', settings),
    notify: (alert) => ipc.invoke('alerts:notify', alert),
    setUnread: (unread) => ipc.invoke('alerts:unread', unread),
    openExternal: (url) => ipc.invoke('shell:open-external', url),
    onOpenTicket(listener) {
      // The IPC event object never reaches the page: it carries `sender`, a way back into Electron.
      const handler = (_event: IpcRendererEvent, protocol: unknown) => {
        if (isProtocol(protocol)) listener(protocol);
      };
      ipc.on('ticket:open', handler);
      return () => ipc.removeListener('ticket:open', handler);
    },
  };
}
