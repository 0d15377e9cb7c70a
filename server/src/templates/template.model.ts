// Answer templates ("Respostas prontas", SPEC §9): shared ones managed by admins, personal ones of
// each attendant; and one row per use, so reports can count uses over a period.
import { TOPICS } from '@cau/shared';
import { Schema, model, type InferSchemaType } from 'mongoose';

const templateSchema = new Schema({
  title: { type: String, required: true },
  body: { type: String, required: true },
  topic: { type: String, enum: [...TOPICS, null], default: null },
  shared: { type: Boolean, required: true },
  /** The attendant who owns a personal template; for shared ones, the admin who wrote it. */
  owner: { type: new Schema({ id: { type: Schema.Types.ObjectId, required: true }, name: String }, { _id: false }), required: true },
  uses: { type: Number, default: 0 },
  /** Lower-cased, accent-free title and body, for type-to-search without $text. */
  searchText: { type: String, default: '' },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
});
// The picker lists the shared templates plus the caller's own, most used first.
templateSchema.index({ shared: 1, uses: -1 });
templateSchema.index({ 'owner.id': 1, shared: 1, uses: -1 });

export type Template = InferSchemaType<typeof templateSchema>;
export const TemplateModel = model('Template', templateSchema);

const templateUseSchema = new Schema({
  templateId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  shared: { type: Boolean, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  protocol: { type: String, default: null },
  at: { type: Date, required: true },
});
templateUseSchema.index({ at: 1 });
export const TemplateUseModel = model('TemplateUse', templateUseSchema);
