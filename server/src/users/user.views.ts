// How users appear in API outputs. The CPF is shown, formatted, only to its owner.
import { formatCpf, type UserOutput } from '@cau/shared';
import type { User } from './user.model';
import type { Types } from 'mongoose';

export function userView(user: User & { _id: Types.ObjectId }): UserOutput {
  return {
    id: String(user._id),
    role: user.role,
    name: user.name,
    login: user.login,
    email: user.email,
    ...(user.role === 'professional' && user.cpf ? { cpf: formatCpf(user.cpf) } : {}),
    ...(user.mustChangePassword ? { mustChangePassword: true as const } : {}),
  };
}
