// A real SMTP server for the mail tests (smtp-server on 127.0.0.1, no TLS, no auth required). It keeps
// each arrival's envelope and parsed message, can answer an error code on demand, and can be stopped
// and started again on the same port to play an outage.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMail {
  envelope: { mailFrom: string | null; rcptTo: string[] };
  messageId: string | undefined;
  parsed: ParsedMail;
  raw: string;
}

export interface FailureRule {
  /** The SMTP reply code to answer, e.g. 550 or 451. */
  code: number;
  /** At RCPT TO (default) or after DATA. */
  at?: 'rcpt' | 'data';
  /** Only for this recipient (case-insensitive); every recipient when absent. */
  address?: string;
  message?: string;
}

export interface TestSmtp {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Every message accepted so far, in arrival order. */
  readonly received: ReceivedMail[];
  /** Error replies sent so far (RCPT TO or DATA refused on purpose). */
  readonly refusals: Array<{ code: number; at: 'rcpt' | 'data'; address: string }>;
  failWith(rule: FailureRule): void;
  clearFailures(): void;
  /** Stops listening; the port is free until `start()`. */
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** Resolves with the first arrival (already received or not) that `match` accepts. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
}

class SmtpError extends Error {
  constructor(readonly responseCode: number, message: string) {
    super(message);
  }
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the server on `port`, or on a free random port below the ephemeral range when 0. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const refusals: TestSmtp['refusals'] = [];
  let rules: FailureRule[] = [];
  let current: SMTPServer | null = null;
  let boundPort = port;

  const ruleFor = (at: 'rcpt' | 'data', addresses: string[]) =>
    rules.find((r) => (r.at ?? 'rcpt') === at && (!r.address || addresses.some((a) => a.toLowerCase() === r.address!.toLowerCase())));

  const create = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A stopped server drops its clients at once: an outage, not a slow goodbye.
      closeTimeout: 200,
      onRcptTo(address, _session, callback) {
        const rule = ruleFor('rcpt', [address.address]);
        if (!rule) return callback();
        refusals.push({ code: rule.code, at: 'rcpt', address: address.address });
        callback(new SmtpError(rule.code, rule.message ?? `Recipient refused (${rule.code})`));
      },
      onData(stream, session, callback) {
        const handling = readAll(stream)
          .then(async (raw) => {
            const rcptTo = session.envelope.rcptTo.map((a) => a.address);
            const rule = ruleFor('data', rcptTo);
            if (rule) {
              refusals.push({ code: rule.code, at: 'data', address: rcptTo.join(',') });
              throw new SmtpError(rule.code, rule.message ?? `Message refused (${rule.code})`);
            }
            const parsed = await simpleParser(raw);
            const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
            received.push({ envelope: { mailFrom, rcptTo }, messageId: parsed.messageId, parsed, raw: raw.toString('utf8') });
            callback();
          })
          .catch((error: Error) => callback(error));
        // stop() waits for mails already handed over, so `received` is final once it resolves.
        inFlight.add(handling);
        void handling.finally(() => inFlight.delete(handling));
      },
    });

  const listenOnce = (server: SMTPServer, at: number) =>
    new Promise<void>((resolve, reject) => {
      // SMTPServer re-emits its socket's errors on itself; without a listener there an
      // EADDRINUSE would be thrown as an uncaught exception instead of failing the start.
      const fail = (error: Error) => {
        server.off('error', fail);
        reject(error);
      };
      server.on('error', fail);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', fail);
        server.on('error', () => undefined);
        resolve();
      });
    });

  const start = async () => {
    if (current) return;
    const until = Date.now() + 10_000;
    for (let attempt = 0; ; attempt++) {
      const server = create();
      // A fixed port below the kernel's ephemeral range (32768+ on Linux): while the server is
      // stopped, no outgoing connection of this process can take it as its local port.
      const at = boundPort || 20_000 + Math.floor(Math.random() * 12_000);
      try {
        await listenOnce(server, at);
        boundPort = (server.server.address() as AddressInfo).port;
        current = server;
        return;
      } catch (error) {
        server.close();
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > until) throw error;
        // First start: try another port. Restart: the same port, once it is free again.
        await new Promise((resolve) => setTimeout(resolve, boundPort ? 200 : 0));
      }
    }
  };

  await start();

  return {
    get port() {
      return boundPort;
    },
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    received,
    refusals,
    failWith(rule) {
      rules.push(rule);
    },
    clearFailures() {
      rules = [];
    },
    async stop() {
      const server = current;
      current = null;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
    start,
    async waitFor(match, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > until) {
          const seen = received.map((m) => `${m.envelope.rcptTo.join(',')}: ${m.parsed.subject}`).join('\n  ');
          throw new Error(`no matching mail within ${timeoutMs} ms; received:\n  ${seen || '(nothing)'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
