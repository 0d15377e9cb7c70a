// Attachments (SPEC §2.4, §5): the 2 MB limit at the byte, types decided from the bytes, GridFS
// storage with SHA-256, owner-only linking, signed short-lived downloads and orphan clean-up.
import { createHash } from 'node:crypto';
import { removeOrphans, signToken } from '@cau/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISGUISED, docx, jpeg, MB2, pdf, png, text } from '../support/files';
import { attendant, signUp, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
let pro: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let desk: Awaited<ReturnType<typeof attendant>>;

beforeAll(async () => {
  server = await startTestServer();
  pro = await signUp(server);
  other = await signUp(server);
  desk = await attendant(server);
});
afterAll(() => server?.close());

interface UploadAnswer {
  status: number;
  body: { result?: { data: { id: string; name: string; size: number; contentType: string } }; error?: { message: string; data: { reason: string } } };
}

async function upload(token: string, name: string, bytes: Uint8Array<ArrayBuffer>): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${server.url}/trpc/attachments.upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

async function uploaded(token: string, name: string, bytes: Uint8Array<ArrayBuffer>) {
  const answer = await upload(token, name, bytes);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.result!.data;
}

const storedFiles = () => server.db.collection('attachments.files').countDocuments();

describe('size limit', () => {
  it('accepts a file of exactly 2 MB', async () => {
    const file = await uploaded(pro.token, 'planta.png', png(MB2));
    expect(file).toMatchObject({ name: 'planta.png', size: MB2, contentType: 'image/png' });
  });

  it('refuses 2 MB + 1 byte with file_too_large and stores nothing', async () => {
    const before = await storedFiles();
    const answer = await upload(pro.token, 'planta.png', png(MB2 + 1));
    expect(answer.status).toBe(413);
    expect(answer.body.error!.data.reason).toBe('file_too_large');
    expect(answer.body.error!.message).toMatch(/2 MB/);
    expect(await storedFiles()).toBe(before);
  });

  it('cuts off a much larger body without reading it all', async () => {
    const before = await storedFiles();
    const answer = await upload(pro.token, 'grande.png', png(8 * MB2));
    expect(answer.status).toBe(413);
    expect(answer.body.error!.data.reason).toBe('file_too_large');
    expect(await storedFiles()).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('types decided from the bytes', () => {
  it.each([
    ['foto.png', png(), 'image/png'],
    ['foto.JPG', jpeg(), 'image/jpeg'],
    ['boleto.pdf', pdf(), 'application/pdf'],
    ['relato.txt', text(), 'text/plain; charset=utf-8'],
    ['carta.docx', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ])('accepts %s as %s', async (name, bytes, contentType) => {
    const file = await uploaded(pro.token, name, bytes);
    expect(file.contentType).toBe(contentType);
    const stored = await server.db.collection('attachments.files').findOne({ _id: new (await import('mongodb')).ObjectId(file.id) });
    expect(stored!.metadata.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('names a file by what it really is: a PNG called .pdf is stored as .png', async () => {
    const file = await uploaded(pro.token, 'documento.pdf', png());
    expect(file).toMatchObject({ name: 'documento.png', contentType: 'image/png' });
  });

  it.each(DISGUISED.map((d) => [d.what, d] as const))('refuses %s with file_type', async (_what, disguised) => {
    const before = await storedFiles();
    const answer = await upload(pro.token, disguised.name, disguised.bytes);
    expect(answer.status).toBe(400);
    expect(answer.body.error!.data.reason).toBe('file_type');
    expect(answer.body.error!.message).toMatch(/não permitido/);
    expect(await storedFiles()).toBe(before);
  });

  it('keeps only a safe display name', async () => {
    const file = await uploaded(pro.token, '../../etc/"passwd".png', png());
    expect(file.name).toBe('passwd.png');
  });

  it('refuses anonymous uploads', async () => {
    const form = new FormData();
    form.append('file', new Blob([png()]), 'x.png');
    const response = await fetch(`${server.url}/trpc/attachments.upload`, { method: 'POST', body: form });
    expect(response.status).toBe(401);
  });
});

describe('attaching', () => {
  it('attaches the owner\'s uploads to a new ticket and to a reply', async () => {
    const a = await uploaded(pro.token, 'rrt.pdf', pdf());
    const b = await uploaded(pro.token, 'tela.png', png());
    const ticket = await pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [a.id, b.id] });
    expect(ticket.attachments).toEqual([a, b]);
    const c = await uploaded(pro.token, 'mais.txt', text());
    const commented = await pro.api.tickets.comment.mutate({ protocol: ticket.protocol, message: 'Segue mais um arquivo.', attachmentIds: [c.id] });
    expect(commented.messages.at(-1)!.attachments).toEqual([c]);
    const seenByDesk = await desk.api.desk.get.query({ protocol: ticket.protocol });
    expect(seenByDesk.attachments.map((x) => x.id)).toEqual([a.id, b.id]);
  });

  it("refuses someone else's upload or an unknown id, and stores nothing", async () => {
    const theirs = await uploaded(other.token, 'deles.png', png());
    const before = await server.db.collection('tickets').countDocuments();
    await expectReason(pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [theirs.id] }), 'attachment_invalid', 400);
    await expectReason(pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: ['0123456789abcdef01234567'] }), 'attachment_invalid', 400);
    expect(await server.db.collection('tickets').countDocuments()).toBe(before);
  });

  it('allows at most 5 attachments per message', async () => {
    const six = await Promise.all(Array.from({ length: 6 }, (_, i) => uploaded(pro.token, `f${i}.png`, png())));
    const error = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: six.map((f) => f.id) }), 'invalid_input', 400);
    expect(error.message).toMatch(/5 anexos/);
  });
});

describe('downloads', () => {
  it('serves the exact bytes as an attachment with the detected type and nosniff', async () => {
    const bytes = pdf();
    const file = await uploaded(pro.token, 'comprovante.pdf', bytes);
    const ticket = await pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [file.id] });
    const { url } = await pro.api.attachments.link.mutate({ id: file.id });
    expect(url.startsWith(`${server.url}/files/`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="comprovante.pdf"/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);

    // The desk can open it too, through its own link.
    const deskLink = await desk.api.attachments.link.mutate({ id: file.id });
    expect((await fetch(deskLink.url)).status).toBe(200);
    expect(ticket.attachments[0]!.id).toBe(file.id);
  });

  it("never gives a professional a link to another professional's file", async () => {
    const file = await uploaded(pro.token, 'privado.pdf', pdf());
    await pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [file.id] });
    await expectReason(other.api.attachments.link.mutate({ id: file.id }), 'not_found', 404);
  });

  it('refuses a forged or expired link', async () => {
    const file = await uploaded(pro.token, 'x.png', png());
    const forged = await fetch(`${server.url}/files/${Buffer.from(JSON.stringify({ id: file.id })).toString('base64url')}.AAAA`);
    expect(forged.status).toBe(404);
    const expired = signToken(server.deps.secret, 'file', { id: file.id }, new Date(Date.now() - 1000));
    const response = await fetch(`${server.url}/files/${expired}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/expirado/);
  });
});

describe('clean-up', () => {
  it('removes uploads never attached after a day, and keeps attached ones', async () => {
    const orphan = await uploaded(pro.token, 'esquecido.png', png());
    const kept = await uploaded(pro.token, 'usado.png', png());
    await pro.api.tickets.create.mutate({ ...TICKET, attachmentIds: [kept.id] });
    const { ObjectId } = await import('mongodb');
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await server.db.collection('attachments.files').updateMany(
      { _id: { $in: [new ObjectId(orphan.id), new ObjectId(kept.id)] } },
      { $set: { uploadDate: dayAgo } },
    );
    await removeOrphans(server.deps);
    expect(await server.db.collection('attachments.files').countDocuments({ _id: new ObjectId(orphan.id) })).toBe(0);
    expect(await server.db.collection('attachments.chunks').countDocuments({ files_id: new ObjectId(orphan.id) })).toBe(0);
    expect(await server.db.collection('attachments.files').countDocuments({ _id: new ObjectId(kept.id) })).toBe(1);
  });
});
