// Account data as the server returns it (portal.privacy, account.sessions), for component tests.
import type { AccountSession, Privacy } from '../api/api-client';

export const PRIVACY: Privacy = {
  controller: 'Conselho de Arquitetura e Urbanismo de São Paulo (CAU/SP)',
  dpoName: 'Maria Encarregada',
  dpoEmail: 'dpo@causp.gov.br',
};

export const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
export const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';

export function accountSession(n: number, change: Partial<AccountSession> = {}): AccountSession {
  return {
    id: String(n).padStart(24, 'a'),
    createdAt: '2026-03-01T12:00:00.000Z',
    lastSeenAt: '2026-03-02T13:30:00.000Z',
    expiresAt: '2026-04-01T12:00:00.000Z',
    ip: '200.1.2.3',
    userAgent: CHROME_LINUX,
    current: false,
    ...change,
  };
}

/** This browser, a phone used yesterday and a computer of the council's library. */
export const SESSIONS: AccountSession[] = [
  accountSession(1, { current: true, ip: '::ffff:127.0.0.1', lastSeenAt: '2026-03-03T18:05:00.000Z' }),
  accountSession(2, { userAgent: SAFARI_IPHONE, ip: '::ffff:189.40.1.7', lastSeenAt: '2026-03-02T13:30:00.000Z' }),
  accountSession(3, { userAgent: FIREFOX_WINDOWS, ip: null, lastSeenAt: '2026-02-20T09:00:00.000Z' }),
];
