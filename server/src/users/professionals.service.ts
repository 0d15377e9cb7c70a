// Finding professionals for the admin area (e.g. to answer an LGPD request). CPFs stay masked.
import { maskCpf } from '@cau/shared';
import { escapeRegex } from '../text';
import { UserModel } from './user.model';

export async function searchProfessionals(query: string) {
  const text = query.trim();
  const digits = text.replace(/\D/g, '');
  const filter = /^[\d.\-\s]+$/.test(text) && digits.length === 11
    ? { role: 'professional', cpf: digits }
    : {
        role: 'professional',
        $or: ['name', 'email', 'login'].map((field) => ({ [field]: { $regex: escapeRegex(text), $options: 'i' } })),
      };
  const users = await UserModel.find(filter, { name: 1, email: 1, login: 1, cpf: 1, disabled: 1, createdAt: 1 }).sort({ name: 1 }).limit(20).lean();
  return users.map((u) => ({
    id: String(u._id),
    name: u.name,
    email: u.email,
    login: u.login,
    cpf: u.cpf ? maskCpf(u.cpf) : null,
    disabled: u.disabled,
    createdAt: (u as { createdAt?: Date }).createdAt?.toISOString() ?? null,
  }));
}
