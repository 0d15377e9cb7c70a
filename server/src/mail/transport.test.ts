// The file transport (no SMTP_URL): one .eml per mail under <DATA_DIR>/mail with the stable
// Message-ID, one recipient whatever the name says, and a log line that never shows a reset token.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../env';
import type { Logger } from '../log';
import { createMailer, messageIdOf, redactLink } from './transport';

describe('redactLink', () => {
  it('cuts a reset token to its first characters', () => {
    expect(redactLink('https://p.test/#atendimento/redefinir-senha/AbCdEfGhIjKlMnOp')).toBe('https://p.test/#atendimento/redefinir-senha/AbCd…');
    expect(redactLink('https://p.test/reset?token=secretsecret&x=1')).toBe('https://p.test/reset?token=secr…&x=1');
  });

  it('leaves a ticket link alone', () => {
    expect(redactLink('https://p.test/#atendimento/chamado/2026-000042')).toBe('https://p.test/#atendimento/chamado/2026-000042');
  });
});

describe('file mailer', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes one .eml per mail, to the one intended address, and logs the link without the token', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cau-mail-'));
    const lines: Array<Record<string, unknown>> = [];
    const log = { info: (obj: Record<string, unknown>) => lines.push(obj) } as unknown as Logger;
    const mailer = createMailer(loadConfig({ DATA_DIR: dir }), log);
    expect(mailer.kind).toBe('file');
    const link = 'http://localhost:3000/#atendimento/redefinir-senha/TOKENTOKENTOKEN';
    await mailer.send({
      entryId: '65f000000000000000000001',
      to: { name: 'Ana, Bcc: evil@x.com', address: 'ana@exemplo.com.br' },
      subject: '[CAU/SP] Redefinição de senha',
      text: `Link: ${link}`,
      html: `<p>${link}</p>`,
      link,
      date: new Date('2026-03-10T15:00:00Z'),
    });
    mailer.close();

    const files = await readdir(path.join(dir, 'mail'));
    expect(files).toEqual(['20260310T150000-000Z-65f000000000000000000001.eml']);
    const eml = await readFile(path.join(dir, 'mail', files[0]!), 'utf8');
    expect(eml).toContain(`Message-ID: ${messageIdOf('65f000000000000000000001')}`);
    expect(eml).toMatch(/^To: "Ana, Bcc: evil@x.com" <ana@exemplo.com.br>$/m);
    expect(eml).not.toMatch(/^Bcc:/im);
    expect(eml).toMatch(/^From: "Atendimento CAU\/SP" <atendimento@localhost>$/m);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ to: 'ana@exemplo.com.br', subject: '[CAU/SP] Redefinição de senha', link: 'http://localhost:3000/#atendimento/redefinir-senha/TOKE…' });
    expect(JSON.stringify(lines)).not.toContain('TOKENTOKENTOKEN');
  });
});
