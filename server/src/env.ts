// Configuration (SPEC §6): parsed from the environment once, at boot; a bad value stops the start
// with a message naming the variable.

import { durationMs, parseDuration, passwordProblem, PASSWORD_PROBLEM_MESSAGES, LOGIN_PATTERN, normalizeLogin } from '@cau/shared';
import { z } from 'zod';

const INTERVAL_PATTERN = /^(\d+)\s*(second|minute|hour)s?$/;

/** `JOBS_EVERY`-style human intervals → milliseconds (`30 seconds`, `1 minute`). */
export function parseInterval(text: string): number | null {
  const m = INTERVAL_PATTERN.exec(text.trim().toLowerCase());
  if (!m || Number(m[1]) <= 0) return null;
  const unit = { second: 1_000, minute: 60_000, hour: 3_600_000 }[m[2] as 'second' | 'minute' | 'hour'];
  return Number(m[1]) * unit;
}

const url = (protocols: string[], hint: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, hint);

const duration = z
  .string()
  .default('P5D')
  .refine((v) => parseDuration(v) !== null, 'must be an ISO-8601 duration such as P5D or PT3S');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().regex(/^[0-9A-Za-z.:-]{1,253}$/, 'must be an address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0').default('0.0.0.0'),
    PUBLIC_URL: url(['http:', 'https:'], 'must be an http(s) URL, e.g. https://atendimento.causp.gov.br').optional(),
    MONGODB_URI: url(['mongodb:', 'mongodb+srv:'], 'must be a mongodb:// or mongodb+srv:// URI').optional(),
    SMTP_URL: url(['smtp:', 'smtps:'], 'must be an smtp:// or smtps:// URL').optional(),
    MAIL_FROM: z.string().min(3).default('Atendimento CAU/SP <atendimento@localhost>'),
    PORTAL_URL: url(['http:', 'https:'], 'must be an http(s) URL').default('http://localhost:3000/'),
    ALLOWED_ORIGINS: z.string().optional(),
    ADMIN_LOGIN: z.string().optional(),
    ADMIN_PASSWORD: z.string().optional(),
    DEADLINE_PENDING: duration,
    DEADLINE_APPROVAL: duration,
    REMINDER_BEFORE: z
      .string()
      .default('P1D')
      .refine((v) => parseDuration(v) !== null, 'must be an ISO-8601 duration such as P1D'),
    MAIL_RETRY_BASE: z
      .string()
      .default('PT2S')
      .refine((v) => parseDuration(v) !== null, 'must be an ISO-8601 duration such as PT2S'),
    JOBS_EVERY: z.string().default('30 seconds').refine((v) => parseInterval(v) !== null, 'must read like "30 seconds" or "1 minute"'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().max(100_000).default(1),
    SORT_WINDOWS_FROM: z.coerce.number({ error: 'must be a whole number from 0' }).int({ error: 'must be a whole number from 0' }).min(0, { error: 'must be a whole number from 0' }).default(20_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('.data'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_LOGIN) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({ code: 'custom', path: [env.ADMIN_LOGIN ? 'ADMIN_PASSWORD' : 'ADMIN_LOGIN'], message: 'ADMIN_LOGIN and ADMIN_PASSWORD must be set together' });
    }
    if (env.ADMIN_LOGIN && !LOGIN_PATTERN.test(normalizeLogin(env.ADMIN_LOGIN))) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_LOGIN'], message: 'must be 3–32 characters of a-z 0-9 . _ -' });
    }
    if (env.ADMIN_LOGIN && env.ADMIN_PASSWORD) {
      const problem = passwordProblem(env.ADMIN_PASSWORD, { login: env.ADMIN_LOGIN });
      if (problem) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: `is not acceptable (${PASSWORD_PROBLEM_MESSAGES[problem]})` });
    }
    for (const origin of (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!isOrigin(origin)) {
        ctx.addIssue({ code: 'custom', path: ['ALLOWED_ORIGINS'], message: `"${origin}" is not an origin like https://www.causp.gov.br` });
      }
    }
  });

function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  /** The address the HTTP server binds to. */
  host: string;
  /** This server as clients reach it (scheme://host[/path], no trailing slash), for the links it hands out; unset → its own address. */
  publicUrl: string | undefined;
  mongodbUri: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  portalUrl: string;
  allowedOrigins: string[];
  admin: { login: string; password: string } | undefined;
  deadlinePending: string;
  deadlineApproval: string;
  jobsEveryMs: number;
  /** How long before a deadline the reminder e-mail goes out. */
  reminderBefore: string;
  trustProxy: boolean;
  /** Scales the per-address/per-account rate limits (1 in production). */
  rateLimitMultiplier: number;
  logLevel: string;
  dataDir: string;
  /** First wait before a failed mail is tried again; it doubles per attempt up to a few minutes. */
  mailRetryBaseMs: number;
  /** From how many tickets the desk's broad views page through time windows (keyset.ts). */
  sortWindowsFrom: number;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? '?')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const allowed = (e.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    mongodbUri: e.MONGODB_URI,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    portalUrl: e.PORTAL_URL,
    allowedOrigins: allowed.length > 0 ? allowed : [new URL(e.PORTAL_URL).origin],
    admin: e.ADMIN_LOGIN && e.ADMIN_PASSWORD ? { login: normalizeLogin(e.ADMIN_LOGIN), password: e.ADMIN_PASSWORD } : undefined,
    deadlinePending: e.DEADLINE_PENDING,
    deadlineApproval: e.DEADLINE_APPROVAL,
    jobsEveryMs: parseInterval(e.JOBS_EVERY)!,
    reminderBefore: e.REMINDER_BEFORE,
    trustProxy: e.TRUST_PROXY === 'true',
    rateLimitMultiplier: e.RATE_LIMIT_MULTIPLIER,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    mailRetryBaseMs: durationMs(parseDuration(e.MAIL_RETRY_BASE)!),
    sortWindowsFrom: e.SORT_WINDOWS_FROM,
  };
}
