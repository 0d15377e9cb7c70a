// LGPD art. 18 (IV, VI): an admin anonymises a professional on request. The account can no
// longer sign in and holds no personal data; their tickets stay for the council's records with
// the personal data replaced, and the files they uploaded are deleted.
import mongoose, { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { DeskEventModel } from '../tickets/desk-events';
import { SessionModel, PasswordResetModel } from './session.model';

export const ANONYMOUS_NAME = 'Titular anonimizado';

export async function anonymizeProfessional(deps: Deps, id: string): Promise<{ tickets: number; files: number }> {
  const userId = new Types.ObjectId(id);
  const alias = `anon-${id}`;
  if (!(await deps.users.anonymizeProfessional(userId, ANONYMOUS_NAME, alias))) throw new DomainError('not_found', 'Profissional não encontrado.');
  await SessionModel.deleteMany({ userId });
  await PasswordResetModel.deleteMany({ userId });

  // Their tickets stay, with the personal data replaced and the search words rebuilt.
  const tickets = await deps.tickets.forOwner(userId).anonymize(ANONYMOUS_NAME, `${alias}@anonimizado.invalid`);
  // The desk events kept for resuming streams (deskevents, at most ~20 minutes) name them too.
  await DeskEventModel.updateMany({ 'row.professional.id': id }, { $set: { 'row.professional.name': ANONYMOUS_NAME, 'row.professional.cpf': '***.000.000-**' } });
  await DeskEventModel.updateMany({ 'actor.id': userId }, { $set: { 'actor.name': ANONYMOUS_NAME } });

  // Their files: metadata first, so that no download link finds a half-deleted file.
  const db = mongoose.connection.db!;
  const fileIds = (await db.collection('attachments.files').find({ 'metadata.ownerId': userId }, { projection: { _id: 1 } }).toArray()).map((f) => f._id);
  if (fileIds.length > 0) {
    await db.collection('attachments.files').deleteMany({ _id: { $in: fileIds } });
    await db.collection('attachments.chunks').deleteMany({ files_id: { $in: fileIds } });
  }

  deps.log.info({ event: 'professional_anonymized', userId: id, tickets, files: fileIds.length }, 'professional anonymised');
  return { tickets, files: fileIds.length };
}
