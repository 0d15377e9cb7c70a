// Configuration parsing (SPEC §6): defaults, every bad variable refused with its name, the CORS
// allow-list's default, and the JOBS_EVERY interval format. Pure: no database, no process.env.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseInterval } from './env';

/** The variables a ConfigError's message names, one per `  NAME: problem` line. */
function namedVariables(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as Error).message.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]!);
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  it('fills every default from an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: undefined,
      mongodbUri: undefined,
      smtpUrl: undefined,
      mailFrom: 'Atendimento CAU/SP <atendimento@localhost>',
      portalUrl: 'http://localhost:3000/',
      allowedOrigins: ['http://localhost:3000'],
      admin: undefined,
      deadlinePending: 'P5D',
      deadlineApproval: 'P5D',
      jobsEveryMs: 30_000,
      reminderBefore: 'P1D',
      mailRetryBaseMs: 2_000,
      rateLimitMultiplier: 1,
      trustProxy: false,
      logLevel: 'info',
      dataDir: '.data',
      sortWindowsFrom: 20_000,
    });
  });

  it('reads HOST and PUBLIC_URL (without its trailing slash), and refuses bad ones naming the variable', () => {
    expect(loadConfig({ HOST: '127.0.0.1', PUBLIC_URL: 'https://atendimento.causp.gov.br/' })).toMatchObject({ host: '127.0.0.1', publicUrl: 'https://atendimento.causp.gov.br' });
    expect(() => loadConfig({ HOST: 'a b' })).toThrow(/HOST: must be an address/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '', ADMIN_LOGIN: '', ADMIN_PASSWORD: '', JOBS_EVERY: '' })).toEqual(loadConfig({}));
  });

  it('reads good values', () => {
    const config = loadConfig({
      PORT: '8080',
      MONGODB_URI: 'mongodb+srv://user:pw@cluster.example.net/cau',
      SMTP_URL: 'smtps://user:pw@smtp.example.net:465',
      PORTAL_URL: 'https://www.causp.gov.br/atendimento/',
      ADMIN_LOGIN: 'Admin.CAU',
      ADMIN_PASSWORD: 'Uma-Senha-Bem-Forte-1',
      DEADLINE_PENDING: 'PT3S',
      DEADLINE_APPROVAL: 'P1W',
      JOBS_EVERY: '1 minute',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      mongodbUri: 'mongodb+srv://user:pw@cluster.example.net/cau',
      smtpUrl: 'smtps://user:pw@smtp.example.net:465',
      admin: { login: 'admin.cau', password: 'Uma-Senha-Bem-Forte-1' },
      deadlinePending: 'PT3S',
      deadlineApproval: 'P1W',
      jobsEveryMs: 60_000,
      trustProxy: true,
    });
  });
});

describe('loadConfig refusals', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['a port that is not a number', { PORT: 'abc' }, 'PORT'],
    ['a port out of range', { PORT: '70000' }, 'PORT'],
    ['a database URL that is not mongodb://', { MONGODB_URI: 'http://x' }, 'MONGODB_URI'],
    ['an SMTP URL that is not smtp://', { SMTP_URL: 'ftp://x' }, 'SMTP_URL'],
    ['a portal URL that is not a URL', { PORTAL_URL: 'notaurl' }, 'PORTAL_URL'],
    ['a portal URL that is not http(s)', { PORTAL_URL: 'javascript:alert(1)' }, 'PORTAL_URL'],
    ['an allowed origin that is not an origin', { ALLOWED_ORIGINS: 'notanorigin' }, 'ALLOWED_ORIGINS'],
    ['an allowed origin with a path', { ALLOWED_ORIGINS: 'https://www.causp.gov.br, https://x.org/page' }, 'ALLOWED_ORIGINS'],
    ['a deadline that is not ISO-8601', { DEADLINE_PENDING: '5 days' }, 'DEADLINE_PENDING'],
    ['a zero deadline', { DEADLINE_APPROVAL: 'P0D' }, 'DEADLINE_APPROVAL'],
    ['a job interval that does not read like one', { JOBS_EVERY: 'often' }, 'JOBS_EVERY'],
    ['a reminder lead that is not a duration', { REMINDER_BEFORE: 'one day' }, 'REMINDER_BEFORE'],
    ['a mail retry base that is not a duration', { MAIL_RETRY_BASE: '2s' }, 'MAIL_RETRY_BASE'],
    ['a rate-limit multiplier that is not positive', { RATE_LIMIT_MULTIPLIER: '0' }, 'RATE_LIMIT_MULTIPLIER'],
    ['a negative SORT_WINDOWS_FROM', { SORT_WINDOWS_FROM: '-1' }, 'SORT_WINDOWS_FROM'],
    ['a SORT_WINDOWS_FROM that is not a whole number', { SORT_WINDOWS_FROM: 'muitos' }, 'SORT_WINDOWS_FROM'],
    ['ADMIN_LOGIN without ADMIN_PASSWORD', { ADMIN_LOGIN: 'admin' }, 'ADMIN_PASSWORD'],
    ['ADMIN_PASSWORD without ADMIN_LOGIN', { ADMIN_PASSWORD: 'Uma-Senha-Bem-Forte-1' }, 'ADMIN_LOGIN'],
    ['a common admin password', { ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'senha123' }, 'ADMIN_PASSWORD'],
    ['a short admin password', { ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'curta' }, 'ADMIN_PASSWORD'],
    ['an admin password equal to the login', { ADMIN_LOGIN: 'administrador.cau', ADMIN_PASSWORD: 'Administrador.CAU' }, 'ADMIN_PASSWORD'],
    ['an admin login outside the login rule', { ADMIN_LOGIN: 'a b', ADMIN_PASSWORD: 'Uma-Senha-Bem-Forte-1' }, 'ADMIN_LOGIN'],
    ['an unknown TRUST_PROXY value', { TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ];

  it.each(cases)('refuses %s, naming only that variable', (_label, env, variable) => {
    expect(namedVariables(env)).toEqual([variable]);
  });

  it('names every bad variable at once', () => {
    expect(namedVariables({ PORT: 'abc', SMTP_URL: 'ftp://x', JOBS_EVERY: 'often' }).sort()).toEqual(['JOBS_EVERY', 'PORT', 'SMTP_URL']);
  });

  it('throws a ConfigError whose message starts by saying the configuration is invalid', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^Invalid configuration:\n {2}PORT: /);
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('defaults to the origin of PORTAL_URL', () => {
    expect(loadConfig({ PORTAL_URL: 'https://www.causp.gov.br/atendimento/?x=1#topo' }).allowedOrigins).toEqual(['https://www.causp.gov.br']);
    expect(loadConfig({ PORTAL_URL: 'http://portal.test:8080/a' }).allowedOrigins).toEqual(['http://portal.test:8080']);
  });

  it('takes a comma-separated list instead, trimmed and without trailing slashes', () => {
    const config = loadConfig({ PORTAL_URL: 'https://www.causp.gov.br/', ALLOWED_ORIGINS: ' https://a.example.org , https://b.example.org/ ' });
    expect(config.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
  });
});

describe('parseInterval', () => {
  it.each([
    ['30 seconds', 30_000],
    ['1 second', 1_000],
    ['1 minute', 60_000],
    ['5 minutes', 300_000],
    ['2 hours', 7_200_000],
    ['  10 Seconds ', 10_000],
    ['15seconds', 15_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseInterval(text)).toBe(ms);
  });

  it.each(['often', '', '0 seconds', '-5 seconds', '1.5 minutes', '1 day', 'seconds', '30', '30 secs'])('refuses %j', (text) => {
    expect(parseInterval(text)).toBeNull();
  });
});
