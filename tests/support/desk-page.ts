// Driving the attendants' desk (the renderer served at /desk/) in Chromium: signing in (with the
// second step when the account has one), watching the alerts it raises, and reading its live counters.
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const DESK_INDEX = path.resolve(import.meta.dirname, '..', '..', 'desktop', 'out', 'renderer', 'index.html');

/** Fails early, with the command to run, when the renderer has not been built. */
export function assertDeskBuilt(): void {
  if (!existsSync(DESK_INDEX)) throw new Error(`The desk is not built (${DESK_INDEX}): run "npm run build -w desktop" first.`);
}

export interface RecordedNotification {
  title: string;
  body: string;
  tag: string;
  at: number;
  /** The desk plays its chime for each notification that is not silent. */
  silent: boolean;
}

/**
 * Wraps window.Notification before the page's scripts run, recording every notification the desk
 * shows (headless Chromium displays none) and keeping the last one so a test can "click" it.
 */
export async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      Notification: typeof Notification;
      __notifications: Array<{ title: string; body: string; tag: string; at: number; silent: boolean }>;
      __lastNotification: Notification | null;
    };
    const Original = w.Notification;
    w.__notifications = [];
    w.__lastNotification = null;
    class Recorded extends Original {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.__notifications.push({ title, body: options?.body ?? '', tag: options?.tag ?? '', at: Date.now(), silent: options?.silent ?? false });
        w.__lastNotification = this;
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Original.permission });
    Object.defineProperty(Recorded, 'requestPermission', { value: Original.requestPermission.bind(Original) });
    w.Notification = Recorded as unknown as typeof Notification;
  });
}

export async function notifications(page: Page): Promise<RecordedNotification[]> {
  return page.evaluate(() => (window as unknown as { __notifications: RecordedNotification[] }).__notifications);
}

/** Clicks the last notification, as the attendant would on the system's notification. */
export async function clickLastNotification(page: Page): Promise<void> {
  await page.evaluate(() => {
    const n = (window as unknown as { __lastNotification: Notification | null }).__lastNotification;
    n?.onclick?.(new Event('click'));
  });
}

/**
 * Signs in through the login screen and waits for the queue. With `code`, expects the second step
 * (two-step verification) and answers it; `code` may be a function, called only once that step shows,
 * so a TOTP code is computed as late as possible.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  credentials: { login: string; password: string; code?: string | (() => string) },
): Promise<void> {
  await page.goto(`${baseUrl}/desk/#/entrar`);
  await page.getByLabel('Identificação').fill(credentials.login);
  await page.getByLabel('Senha', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  if (credentials.code !== undefined) {
    await page.getByTestId('mfa-step').waitFor();
    const code = typeof credentials.code === 'function' ? credentials.code() : credentials.code;
    await page.getByLabel('Código de verificação').fill(code);
    await page.getByRole('button', { name: 'Verificar e entrar' }).click();
  }
  await page.waitForURL(/#\/fila\/todo/);
  await page.getByRole('heading', { name: 'A atender', level: 1 }).waitFor();
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The code an authenticator app shows for `secret` (base32, spaces ignored) at `at`: RFC 6238 TOTP,
 * HMAC-SHA1, 30-second steps, 6 digits. The server accepts one code per step and allows one step of
 * drift, so a test that has just spent the current step's code passes `Date.now() + 30_000`.
 */
export function totp(secret: string, at: number = Date.now()): string {
  let bits = 0;
  let value = 0;
  const key: number[] = [];
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const digest = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export async function signOut(page: Page): Promise<void> {
  // Exact: "Minha conta" also offers "Sair de todos os dispositivos".
  await page.getByRole('button', { name: 'Sair', exact: true }).click();
  await page.waitForURL(/#\/entrar/);
}

/** The number shown beside a queue view in the navigation. */
export async function viewCount(page: Page, view: string): Promise<number> {
  const text = (await page.locator(`[data-count="${view}"]`).textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}
