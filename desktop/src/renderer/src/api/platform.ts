// What differs between the Electron app and the web page at /desk/: where the session token is
// kept (Electron: in main, the page getting only 5-minute access tokens; web: sessionStorage),
// where the API is, and how alerts reach the attendant (native notifications and the
// dock/taskbar badge through the preload bridge, or the web Notification API).
import {
  BRIDGE_KEY, type DeskAlert, type DeskBridge, type DeskSettingsView, type ExchangeProcedure, type UnreadSummary,
} from '../../../shared/contract';
import { ApiError } from './errors';

export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

export interface Platform {
  kind: 'electron' | 'web';
  /** The server this desk works against, and where API calls go. */
  settings(): Promise<DeskSettingsView>;
  /** Electron only: points the desk at another server (the window reloads). */
  setServerUrl(serverUrl: string): Promise<void>;
  /** Whether a session was kept from before; 'unreachable': main could not ask the server (kept for a retry). */
  restoreSession(): Promise<'saved' | 'none' | 'unreachable'>;
  /** The bearer for the next API call: the session token (web) or a short-lived access token from main. */
  accessToken(): Promise<string | null>;
  /**
   * Runs a call whose answer opens a session (auth.login, account.changePassword) and keeps the
   * token: the web page calls `direct` and stores it; Electron has main make the call and keep it.
   * Either way the answer comes back without the token.
   */
  openSession<T extends { token: string }>(procedure: ExchangeProcedure, input: object, direct: () => Promise<T>): Promise<Omit<T, 'token'>>;
  clearToken(): Promise<void>;
  notificationPermission(): NotificationPermissionState;
  requestNotificationPermission(): Promise<NotificationPermissionState>;
  /** Shows an alert; `onClick` runs when the attendant clicks it (web; Electron uses onOpenTicket). */
  notify(alert: DeskAlert, onClick: () => void): void;
  setUnread(unread: UnreadSummary): void;
  onOpenTicket(listener: (protocol: string) => void): () => void;
  /** Downloads a file from a signed link: the browser saves it; the app hands it to the system browser. */
  download(url: string): void;
}

const TOKEN_KEY = 'cau-desk.session';

function electronPlatform(bridge: DeskBridge): Platform {
  return {
    kind: 'electron',
    settings: () => bridge.getSettings(),
    async setServerUrl(serverUrl) {
      await bridge.setSettings({ serverUrl });
    },
    async restoreSession() {
      const access = await bridge.getAccessToken();
      return access.state === 'ok' ? 'saved' : access.state;
    },
    async accessToken() {
      const access = await bridge.getAccessToken();
      return access.state === 'ok' ? access.token : null;
    },
    async openSession<T extends { token: string }>(procedure: ExchangeProcedure, input: object) {
      // Fields left out go as absent, not as `undefined` (main accepts only strings).
      const fields = Object.fromEntries(Object.entries(input).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const answer = await bridge.exchangeSession(procedure, fields);
      if (!answer.ok) throw new ApiError(answer.error.reason, answer.error.message, answer.error.fields ?? {});
      return answer.data as Omit<T, 'token'>;
    },
    clearToken: () => bridge.clearSession(),
    notificationPermission: () => 'granted',
    requestNotificationPermission: async () => 'granted',
    notify(alert) {
      void bridge.notify(alert);
    },
    setUnread(unread) {
      void bridge.setUnread(unread);
    },
    onOpenTicket: (listener) => bridge.onOpenTicket(listener),
    download(url) {
      void bridge.openExternal(url);
    },
  };
}

let audio: AudioContext | null = null;

/** A short two-note chime: the web has no notification sound of its own on every system. */
function chime() {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.12, start + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.12);
      osc.stop(start + i * 0.12 + 0.3);
    }
  } catch {
    // No audio device or autoplay blocked: the visual alert still shows.
  }
}

function webPlatform(): Platform {
  const openListeners = new Set<(protocol: string) => void>();
  const hasNotifications = () => typeof window.Notification === 'function';
  return {
    kind: 'web',
    settings: async () => ({ serverUrl: window.location.origin, apiBase: window.location.origin }),
    async setServerUrl() {
      throw new Error('A versão web usa sempre o servidor que a publicou.');
    },
    // sessionStorage: the session ends with the tab, and other tabs or sites cannot read it.
    restoreSession: async () => (sessionStorage.getItem(TOKEN_KEY) ? 'saved' : 'none'),
    accessToken: async () => sessionStorage.getItem(TOKEN_KEY),
    async openSession(_procedure, _input, direct) {
      const { token, ...rest } = await direct();
      sessionStorage.setItem(TOKEN_KEY, token);
      return rest;
    },
    clearToken: async () => sessionStorage.removeItem(TOKEN_KEY),
    notificationPermission: () => (hasNotifications() ? Notification.permission : 'unsupported'),
    async requestNotificationPermission() {
      if (!hasNotifications()) return 'unsupported';
      return Notification.requestPermission();
    },
    notify(alert, onClick) {
      if (!alert.silent) chime();
      if (!hasNotifications() || Notification.permission !== 'granted') return;
      const notification = new Notification(alert.title, { body: alert.body, tag: `${alert.kind}:${alert.protocol}`, silent: alert.silent });
      notification.onclick = () => {
        window.focus();
        notification.close();
        onClick();
      };
    },
    setUnread() {
      // The count goes to the document title (App.vue), which the browser shows on the tab.
    },
    onOpenTicket(listener) {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    download(url) {
      // Served as an attachment, so following the link saves the file and the desk stays put.
      const link = document.createElement('a');
      link.href = url;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    },
  };
}

export function detectPlatform(): Platform {
  const bridge = (window as unknown as Record<string, DeskBridge | undefined>)[BRIDGE_KEY];
  return bridge ? electronPlatform(bridge) : webPlatform();
}
