// Registers one handler per contract channel. Every call is checked twice before it runs: it must
// come from the desk's own top-level page, and its arguments must have exactly the contract's shape.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { INVOKE, INVOKE_CHANNELS, type InvokeChannel, type InvokeChannels } from '../shared/contract';

export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeChannels[C]['args']) => InvokeChannels[C]['result'] | Promise<InvokeChannels[C]['result']>;
};

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The sender is the desk window's main frame, showing the desk itself (not a page it was led to). */
export function trustedSender(window: () => BrowserWindow | null, isAppUrl: (url: string) => boolean): SenderCheck {
  return (event) => {
    const current = window();
    const frame = event.senderFrame;
    return Boolean(
      current && !current.isDestroyed() && event.sender === current.webContents
      && frame && frame.parent === null && isAppUrl(frame.url),
    );
  };
}

export function registerIpc(handlers: InvokeHandlers, isTrusted: SenderCheck): () => void {
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as (...args: unknown[]) => unknown;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrusted(event)) throw new Error(`${channel}: refused, the sender is not the desk`);
      if (!INVOKE[channel].accepts(args)) throw new Error(`${channel}: refused, invalid arguments`);
      return handler(...args);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
