import { describe, expect, it } from 'vitest';
import type { AttachmentsField } from './attachments-field';
import { $, $$, expectAccessible, installFakeXhr, mount, settle, testApi, text } from '../test/helpers';

const pdf = (name = 'comprovante.pdf', size = 10) => new File(['x'.repeat(size)], name, { type: 'application/pdf' });
const uploaded = (id: string, name: string) => ({ result: { data: { id: id.padEnd(24, '0'), name, size: 10, contentType: 'application/pdf' } } });

async function field() {
  return mount<AttachmentsField>('cau-attachments', { api: testApi() });
}

describe('<cau-attachments>', () => {
  it('is accessible: a labelled picker described by the rules, errors in a live region', async () => {
    const el = await field();
    expectAccessible(el, { heading: false });
    const input = $<HTMLInputElement>(el, 'input[type=file]');
    expect($(el, `label[for="${input.id}"]`).textContent).toBe('Escolher arquivos');
    expect(input.getAttribute('aria-describedby')).toContain('files-hint');
    expect(input.accept).toBe('.jpg,.jpeg,.png,.pdf,.doc,.docx,.odt,.xls,.xlsx,.ods,.txt');
    expect(input.multiple).toBe(true);
  });

  it('starts empty, optional, with the rules spelled out', async () => {
    const el = await field();
    expect(el.ids).toEqual([]);
    expect(el.uploading).toBe(false);
    expect(text(el)).toContain('Até 5 arquivos de até 2 MB cada');
    expect(text(el)).toContain('(opcional)');
  });

  it('refuses wrong types and files over 2 MB before uploading', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([new File(['MZ'], 'programa.exe'), pdf('grande.pdf', 2 * 1024 * 1024 + 1)]);
    await el.updateComplete;
    expect(Xhr.instances).toHaveLength(0);
    expect($(el, '.error').textContent).toContain('programa.exe: tipo de arquivo não permitido');
    expect($(el, '.error').textContent).toContain('grande.pdf: o arquivo ultrapassa o limite de 2 MB.');
  });

  it('uploads at once with a progress bar, then holds the id', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([pdf()]);
    await el.updateComplete;
    expect(el.uploading).toBe(true);
    Xhr.instances[0]!.progress(3, 10);
    await el.updateComplete;
    const bar = $<HTMLProgressElement>(el, 'progress');
    expect(bar.getAttribute('aria-label')).toBe('Enviando comprovante.pdf');
    expect(bar.value).toBe(30);
    Xhr.instances[0]!.respond(200, uploaded('a1', 'comprovante.pdf'));
    await settle(el);
    expect(el.uploading).toBe(false);
    expect(el.ids).toEqual(['a1'.padEnd(24, '0')]);
    expect(text(el)).toContain('comprovante.pdf anexado.');
  });

  it('takes dropped files too', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown };
    drop.dataTransfer = { files: [pdf('print.pdf')], types: ['Files'] };
    $(el, '.dropzone').dispatchEvent(drop);
    await el.updateComplete;
    expect(Xhr.instances).toHaveLength(1);
    expect(text(el)).toContain('print.pdf');
  });

  it('stops at 5 files per message', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([1, 2, 3, 4, 5, 6].map((n) => pdf(`f${n}.pdf`)));
    await el.updateComplete;
    expect(Xhr.instances).toHaveLength(5);
    expect($(el, '.error').textContent).toBe('Envie no máximo 5 anexos por mensagem: f6.pdf ficou de fora.');
  });

  it('names every file left out past the fifth, and drops the message once a file is removed', async () => {
    installFakeXhr();
    const el = await field();
    el.addFiles([1, 2, 3, 4].map((n) => pdf(`f${n}.pdf`)));
    el.addFiles([pdf('g1.pdf'), pdf('g2.pdf'), pdf('g3.pdf')]);
    await el.updateComplete;
    expect($(el, '.error').textContent).toBe('Envie no máximo 5 anexos por mensagem: g2.pdf, g3.pdf ficaram de fora.');
    $$<HTMLButtonElement>(el, '.files button')[0]!.click();
    await settle(el);
    expect($(el, '.error').textContent).toBe('');
  });

  it('shows what the server refused, from the file bytes', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([pdf('disfarcado.pdf')]);
    Xhr.instances[0]!.respond(400, { error: { message: 'Tipo de arquivo não permitido. Envie jpg, png, pdf, doc, docx, odt, xls, xlsx, ods ou txt.', data: { reason: 'file_type' } } });
    await settle(el);
    expect($(el, '.file.failed').textContent).toContain('disfarcado.pdf: Tipo de arquivo não permitido');
    expect(el.ids).toEqual([]);
    // Said once, on the card, without the form-error dot; announced politely for screen readers.
    expect(text(el).split('Tipo de arquivo não permitido')).toHaveLength(3);
    expect($(el, '.files').querySelector('.error')).toBeNull();
    expect($(el, '.error').textContent).toBe('');
  });

  it('removes a file (aborting its upload) and says so', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([pdf('a.pdf'), pdf('b.pdf')]);
    await el.updateComplete;
    $$<HTMLButtonElement>(el, '.files button')[0]!.click();
    await settle(el);
    expect(Xhr.instances[0]!.aborted).toBe(true);
    expect($$(el, '.file')).toHaveLength(1);
    expect(text(el)).toContain('a.pdf removido.');
    expect($$<HTMLButtonElement>(el, '.files button')[0]!.getAttribute('aria-label')).toBe('Remover b.pdf');
  });

  it('says how long to wait when too many files were sent', async () => {
    const Xhr = installFakeXhr();
    const el = await field();
    el.addFiles([pdf('comprovante.pdf')]);
    Xhr.instances[0]!.respond(429, { error: { message: 'Muitas solicitações em pouco tempo. Aguarde 1 minuto e tente novamente.', data: { reason: 'too_many_attempts', retryAfter: 30 } } });
    await settle(el);
    expect($(el, '.file.failed').textContent).toContain('comprovante.pdf: Muitas tentativas em pouco tempo. Por segurança, aguarde 1 minuto e tente novamente.');
  });
});
