// Settings shared by every server instance, one document per key.
import { Schema, model } from 'mongoose';

const settingSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: Schema.Types.Mixed, required: true } },
  { timestamps: true },
);
export const SettingModel = model('Setting', settingSchema);
