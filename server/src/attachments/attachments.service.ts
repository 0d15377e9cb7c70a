// Attachments: uploads checked by size while reading and by type from their bytes, stored in
// GridFS with their SHA-256; linked to messages only by their owner; downloaded through
// short-lived signed links; uploads nobody attached are removed after a day.
import { createHash } from 'node:crypto';
import { ATTACHMENT_MAX_BYTES, forbiddenCharacter, forbiddenCharacterMessage, type Role } from '@cau/shared';
import mongoose, { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { signToken, verifyToken } from '../tokens';
import { detectFileKind } from './file-kind';

const BUCKET = 'attachments';
const LINK_TTL_MS = 5 * 60_000;
const ORPHAN_AFTER_MS = 24 * 3_600_000;

export interface AttachmentRef {
  id: Types.ObjectId;
  name: string;
  size: number;
  contentType: string;
}

interface FileDoc {
  _id: Types.ObjectId;
  length: number;
  filename: string;
  uploadDate: Date;
  metadata: { ownerId: Types.ObjectId; contentType: string; sha256: string; linked?: boolean };
}

function bucket() {
  return new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: BUCKET });
}

function files() {
  return mongoose.connection.db!.collection<FileDoc>(`${BUCKET}.files`);
}

/** A safe display name: no path, no quotes or wildcards, a sane length, the real extension. */
function cleanName(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/["<>|*?:]/g, '').trim();
  const stem = base.replace(/\.[^.]*$/, '').slice(0, 120) || 'anexo';
  return `${stem}.${ext}`;
}

/** attachments.upload: the form's "file" from `by.user`, rate-limited per address and account. */
export async function uploadAttachment(deps: Deps, by: { user: { _id: Types.ObjectId }; ip: string }, form: FormData) {
  await deps.limits.consume('upload', { ip: by.ip, account: String(by.user._id) });
  const file = form.get('file');
  if (!(file instanceof File)) throw new DomainError('invalid_input', 'Envie o arquivo no campo "file".', { file: 'Escolha um arquivo.' });
  return storeUpload(deps, by.user._id, file);
}

async function storeUpload(deps: Deps, ownerId: Types.ObjectId, file: File) {
  if (file.size > ATTACHMENT_MAX_BYTES) throw new DomainError('file_too_large');
  if (file.size === 0) throw new DomainError('file_type', 'O arquivo está vazio.');
  // Refused like in any other text: "fatura\u202Efdp.txt" would show as "faturatxt.pdf".
  const forbidden = forbiddenCharacter(file.name, true);
  if (forbidden) {
    const message = forbiddenCharacterMessage('O nome do arquivo', forbidden, true);
    throw new DomainError('invalid_input', message, { file: message });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength > ATTACHMENT_MAX_BYTES) throw new DomainError('file_too_large');
  const kind = await detectFileKind(bytes, file.name);
  if (!kind) throw new DomainError('file_type');

  const name = cleanName(file.name, kind.ext);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = new Types.ObjectId();
  await new Promise<void>((resolve, reject) => {
    const stream = bucket().openUploadStreamWithId(id, name, { metadata: { ownerId, contentType: kind.mime, sha256 } });
    stream.once('finish', () => resolve());
    stream.once('error', reject);
    stream.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  deps.log.info({ event: 'attachment_uploaded', id: String(id), size: bytes.byteLength, type: kind.mime }, 'attachment uploaded');
  return { id: String(id), name, size: bytes.byteLength, contentType: kind.mime };
}

/** The owner's uploads with these ids, for a message; any other id refuses the whole message. */
export async function attachmentsForMessage(ownerId: Types.ObjectId, ids: readonly string[] | undefined): Promise<AttachmentRef[]> {
  if (!ids || ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const found = await files()
    .find({ _id: { $in: unique.map((id) => new Types.ObjectId(id)) }, 'metadata.ownerId': ownerId })
    .toArray();
  if (found.length !== unique.length) throw new DomainError('attachment_invalid');
  const byId = new Map(found.map((f) => [String(f._id), f]));
  return unique.map((id) => {
    const f = byId.get(id)!;
    return { id: f._id, name: f.filename, size: f.length, contentType: f.metadata.contentType };
  });
}

/** Whether `user` may download the file: their own upload, or attached where they can see it. */
async function maySee(deps: Deps, user: { _id: Types.ObjectId; role: Role }, id: Types.ObjectId): Promise<boolean> {
  if (await files().countDocuments({ _id: id, 'metadata.ownerId': user._id }, { limit: 1 })) return true;
  if (user.role === 'professional') return deps.tickets.forOwner(user._id).showsAttachment(id);
  return deps.tickets.showsAttachment(id);
}

/** A download link valid for a few minutes, for someone allowed to see the file. */
export async function attachmentLink(deps: Deps, user: { _id: Types.ObjectId; role: Role }, id: string, base: string) {
  const fileId = new Types.ObjectId(id);
  if (!(await maySee(deps, user, fileId))) throw new DomainError('not_found', 'Anexo não encontrado.');
  const expiresAt = new Date(deps.now().getTime() + LINK_TTL_MS);
  const token = signToken(deps.secret, 'file', { id }, expiresAt);
  return { url: `${base}/files/${token}`, expiresAt: expiresAt.toISOString() };
}

/** The file behind a download token, or null when the token is bad or expired. */
export async function openDownload(deps: Deps, token: string) {
  const claims = verifyToken<{ id: string }>(deps.secret, 'file', token, deps.now());
  if (!claims || !/^[a-f0-9]{24}$/.test(claims.id)) return null;
  const file = await files().findOne({ _id: new Types.ObjectId(claims.id) });
  if (!file) return null;
  return { file, stream: () => bucket().openDownloadStream(file._id) };
}

/** Marks uploads as attached, so the clean-up stops looking at them. */
export async function markLinked(refs: readonly AttachmentRef[]): Promise<void> {
  if (refs.length === 0) return;
  await files().updateMany({ _id: { $in: refs.map((r) => r.id) } }, { $set: { 'metadata.linked': true } });
}

/** Removes uploads older than a day that no ticket refers to. */
export async function removeOrphans(deps: Deps, limit = 200): Promise<number> {
  const old = await files()
    .find({ uploadDate: { $lt: new Date(deps.now().getTime() - ORPHAN_AFTER_MS) }, 'metadata.linked': { $ne: true } }, { projection: { _id: 1 } })
    .limit(limit)
    .toArray();
  let removed = 0;
  for (const { _id } of old) {
    // A crash between writing a message and marking its files leaves them unmarked: check first.
    if (await deps.tickets.showsAttachment(_id)) {
      await markLinked([{ id: _id, name: '', size: 0, contentType: '' }]);
      continue;
    }
    await bucket().delete(_id).catch(() => undefined);
    removed += 1;
  }
  return removed;
}
