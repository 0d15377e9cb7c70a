// Answer templates: who may read, write and remove which (SPEC §9). An attendant reads the shared
// templates and their own; writes their own; only an admin writes or removes shared ones. Another
// attendant's personal template is `not_found`, never `forbidden`: its existence is not shown.
import type { TemplateOutput, TemplateSaveInput, Topic } from '@cau/shared';
import { Types, type FilterQuery } from 'mongoose';
import { DomainError } from '../errors';
import { escapeRegex, searchable } from '../text';
import type { AuthedUser } from '../users/auth.service';
import { TemplateModel, TemplateUseModel, type Template } from './template.model';

/** How many templates one list answers with; the picker narrows by typing. */
const LIST_LIMIT = 200;
/** Personal templates per attendant. */
const PERSONAL_MAX = 300;

type StoredTemplate = Template & { _id: Types.ObjectId };

function canWrite(user: AuthedUser, t: Pick<StoredTemplate, 'shared' | 'owner'>): boolean {
  return t.shared ? user.role === 'admin' : t.owner.id.equals(user._id);
}

function view(user: AuthedUser, t: StoredTemplate): TemplateOutput {
  return {
    id: String(t._id),
    title: t.title,
    body: t.body,
    topic: t.topic ?? null,
    shared: t.shared,
    owner: t.owner ? { id: String(t.owner.id), name: t.owner.name ?? '' } : null,
    uses: t.uses ?? 0,
    editable: canWrite(user, t),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** What `user` may read: the shared templates and their own. */
function readable(user: AuthedUser): FilterQuery<Template> {
  return { $or: [{ shared: true }, { 'owner.id': user._id, shared: false }] };
}

export async function listTemplates(user: AuthedUser, input: { search?: string; topic?: Topic }): Promise<TemplateOutput[]> {
  const clauses: FilterQuery<Template>[] = [readable(user)];
  // A template without a tema fits every ticket.
  if (input.topic) clauses.push({ topic: { $in: [input.topic, null] } });
  const words = input.search ? searchable(input.search).split(/\s+/).filter(Boolean).slice(0, 6) : [];
  for (const word of words) clauses.push({ searchText: { $regex: escapeRegex(word.slice(0, 40)) } });
  const rows = await TemplateModel.find({ $and: clauses }, { searchText: 0 })
    .sort({ uses: -1, title: 1, _id: 1 })
    .limit(LIST_LIMIT)
    .lean<StoredTemplate[]>();
  return rows.map((t) => view(user, t));
}

export async function saveTemplate(user: AuthedUser, input: TemplateSaveInput, now: Date): Promise<TemplateOutput> {
  if (input.shared && user.role !== 'admin') {
    throw new DomainError('forbidden', 'Somente administradores criam ou alteram respostas prontas compartilhadas.');
  }
  const fields = {
    title: input.title,
    body: input.body,
    topic: input.topic ?? null,
    shared: input.shared,
    searchText: searchable(`${input.title} ${input.body}`),
    updatedAt: now,
  };
  if (!input.id) {
    if (!input.shared && (await TemplateModel.countDocuments({ 'owner.id': user._id, shared: false })) >= PERSONAL_MAX) {
      throw new DomainError('invalid_input', `Você já tem ${PERSONAL_MAX} respostas prontas pessoais. Remova alguma antes de criar outra.`);
    }
    const created = await TemplateModel.create({ ...fields, owner: { id: user._id, name: user.name }, uses: 0, createdAt: now });
    return view(user, created.toObject() as StoredTemplate);
  }
  const current = await TemplateModel.findOne({ _id: input.id, ...readable(user) }).lean<StoredTemplate>();
  if (!current) throw new DomainError('not_found', 'Resposta pronta não encontrada.');
  if (!canWrite(user, current)) {
    throw new DomainError('forbidden', 'Somente administradores alteram respostas prontas compartilhadas.');
  }
  // Making a personal template shared (or back) changes who may see it: the owner stays the writer.
  const updated = await TemplateModel.findOneAndUpdate({ _id: current._id }, { $set: fields }, { new: true }).lean<StoredTemplate>();
  if (!updated) throw new DomainError('not_found', 'Resposta pronta não encontrada.');
  return view(user, updated);
}

export async function removeTemplate(user: AuthedUser, id: string): Promise<Record<string, never>> {
  const current = await TemplateModel.findOne({ _id: id, ...readable(user) }).lean<StoredTemplate>();
  if (!current) throw new DomainError('not_found', 'Resposta pronta não encontrada.');
  if (!canWrite(user, current)) throw new DomainError('forbidden', 'Somente administradores removem respostas prontas compartilhadas.');
  await TemplateModel.deleteOne({ _id: current._id });
  return {};
}

/** The desk reports that a template went out in a message: counted on it and for the reports. */
export async function templateUsed(user: AuthedUser, id: string, protocol: string | undefined, now: Date): Promise<{ uses: number }> {
  const updated = await TemplateModel.findOneAndUpdate({ _id: id, ...readable(user) }, { $inc: { uses: 1 } }, { new: true }).lean<StoredTemplate>();
  if (!updated) throw new DomainError('not_found', 'Resposta pronta não encontrada.');
  await TemplateUseModel.create({ templateId: updated._id, title: updated.title, shared: updated.shared, userId: user._id, protocol: protocol ?? null, at: now });
  return { uses: updated.uses };
}
