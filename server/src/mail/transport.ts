// Hands a rendered e-mail to nodemailer: over SMTP when SMTP_URL is set, otherwise as an .eml file
// under <DATA_DIR>/mail plus one log line, so a development setup never touches the network.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../env';
import type { Logger } from '../log';
import type { Recipient } from './outbox';

/** A rendered e-mail for one outbox entry, its recipient already made safe (recipient.ts). */
export interface OutgoingMail {
  entryId: string;
  to: Recipient;
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries, for the file transport's log line. */
  link: string | null;
  date: Date;
}

export interface Mailer {
  readonly kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Short enough that a pass over a dead server ends soon, well inside the claim's lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };
/** A send that takes longer is abandoned (and retried), so it can never outlive the claim's lease. */
export const SEND_TIMEOUT_MS = 60_000;

/** One Message-ID per outbox entry: a duplicate after a crash between send and mark is recognisable. */
export function messageIdOf(entryId: string): string {
  return `<${entryId}@cau-atendimento>`;
}

/** The link with any password-reset token cut to its first characters, for logs. */
export function redactLink(link: string): string {
  return link
    .replace(/(redefinir-senha\/)([^/?#&]{0,4})[^/?#&]*/g, '$1$2…')
    .replace(/([?&#](?:token|resetToken)=)([^&#]{0,4})[^&#]*/gi, '$1$2…');
}

function messageOf(config: Config, mail: OutgoingMail): SendMailOptions {
  return {
    from: config.mailFrom,
    to: { name: mail.to.name, address: mail.to.address },
    // The envelope is set, not derived from the headers: RCPT TO is this one address, whatever
    // a header might be made to say.
    envelope: { from: config.mailFrom, to: [mail.to.address] },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    date: mail.date,
    messageId: messageIdOf(mail.entryId),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}

function fileName(mail: OutgoingMail): string {
  const stamp = mail.date.toISOString().replace(/[-:]/g, '').replace('.', '-');
  return `${stamp}-${mail.entryId}.eml`;
}

export function createMailer(config: Config, log: Logger): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport({
      url: config.smtpUrl,
      ...SMTP_TIMEOUTS,
      // Mail content never comes from files or URLs: a stray path in data must not be read.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return {
      kind: 'smtp',
      async send(mail) {
        await transport.sendMail({ ...messageOf(config, mail), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      },
      close: () => transport.close(),
    };
  }

  const dir = path.resolve(config.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', disableFileAccess: true, disableUrlAccess: true });
  return {
    kind: 'file',
    async send(mail) {
      const info = await transport.sendMail(messageOf(config, mail));
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, fileName(mail));
      await writeFile(file, info.message as Buffer);
      log.info({ to: mail.to.address, subject: mail.subject, link: mail.link ? redactLink(mail.link) : null, file }, 'mail written to file (no SMTP_URL)');
    },
    close: () => transport.close(),
  };
}
