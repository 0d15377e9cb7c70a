// LGPD art. 18 (IV, VI): an admin anonymises a professional on request. The account can no
// longer sign in and holds no personal data; their tickets stay for the council's records with
// the personal data replaced, and the files they uploaded are deleted.
import mongoose, { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { DeskEventModel } from '../tickets/desk-events';
import { TicketModel } from '../tickets/ticket.model';
import { searchTokens } from '../text';
import { SessionModel, PasswordResetModel } from './session.model';
import { professionalTokens, UserModel } from './user.model';

export const ANONYMOUS_NAME = 'Titular anonimizado';

const BATCH = 500;

export async function anonymizeProfessional(deps: Deps, id: string): Promise<{ tickets: number; files: number }> {
  const userId = new Types.ObjectId(id);
  const user = await UserModel.findOne({ _id: userId, role: 'professional' }, { _id: 1 }).lean();
  if (!user) throw new DomainError('not_found', 'Profissional não encontrado.');
  const alias = `anon-${id}`;
  await UserModel.updateOne(
    { _id: userId },
    {
      $set: {
        name: ANONYMOUS_NAME,
        email: `${alias}@anonimizado.invalid`,
        login: alias,
        searchTokens: professionalTokens({ name: ANONYMOUS_NAME, email: `${alias}@anonimizado.invalid`, login: alias }),
        disabled: true,
        passwordHash: '!',
        outbox: [],
      },
      $unset: { cpf: 1 },
    },
  );
  await SessionModel.deleteMany({ userId });
  await PasswordResetModel.deleteMany({ userId });

  const tickets = await TicketModel.updateMany(
    { 'professional.id': userId },
    {
      $set: {
        'professional.name': ANONYMOUS_NAME,
        'professional.cpf': '00000000000',
        'professional.email': `${alias}@anonimizado.invalid`,
        'messages.$[mine].author.name': ANONYMOUS_NAME,
        'history.$[by].actor.name': ANONYMOUS_NAME,
        outbox: [],
      },
    },
    { arrayFilters: [{ 'mine.author.id': userId }, { 'by.actor.id': userId }] },
  );
  // The desk events kept for resuming streams (deskevents, at most ~20 minutes) name them too.
  await DeskEventModel.updateMany({ 'row.professional.id': id }, { $set: { 'row.professional.name': ANONYMOUS_NAME, 'row.professional.cpf': '***.000.000-**' } });
  await DeskEventModel.updateMany({ 'actor.id': userId }, { $set: { 'actor.name': ANONYMOUS_NAME } });
  // The search text held the name; rebuild it from what is left, in bulk.
  const cursor = TicketModel.find({ 'professional.id': userId }, { protocol: 1, subject: 1 }).lean().cursor({ batchSize: BATCH });
  let batch: Parameters<typeof TicketModel.bulkWrite>[0] = [];
  for await (const t of cursor) {
    batch.push({ updateOne: { filter: { _id: t._id }, update: { $set: { searchTokens: searchTokens(`${t.protocol} ${t.subject}`) } } } });
    if (batch.length === BATCH) {
      await TicketModel.bulkWrite(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await TicketModel.bulkWrite(batch, { ordered: false });

  // Their files: metadata first, so that no download link finds a half-deleted file.
  const db = mongoose.connection.db!;
  const fileIds = (await db.collection('attachments.files').find({ 'metadata.ownerId': userId }, { projection: { _id: 1 } }).toArray()).map((f) => f._id);
  if (fileIds.length > 0) {
    await db.collection('attachments.files').deleteMany({ _id: { $in: fileIds } });
    await db.collection('attachments.chunks').deleteMany({ files_id: { $in: fileIds } });
  }

  deps.log.info({ event: 'professional_anonymized', userId: id, tickets: tickets.modifiedCount, files: fileIds.length }, 'professional anonymised');
  return { tickets: tickets.modifiedCount, files: fileIds.length };
}
