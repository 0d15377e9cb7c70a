// Staff accounts (attendants and admins), managed by admins; the first admin comes from the
// environment at first start.
import type { StaffOutput } from '@cau/shared';
import { auditBy, type ActedBy } from '../audit/audit.service';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { afterPasswordChange, assertStrongPassword, duplicateReason } from './auth.service';
import { hashPassword } from './password';
import { SessionModel } from './session.model';
import type { StaffRow } from './user.repository';

function staffView(user: StaffRow): StaffOutput {
  return {
    id: String(user._id),
    name: user.name,
    login: user.login,
    email: user.email,
    role: user.role as StaffOutput['role'],
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}

/** An admin creates a staff account (audited). */
export async function createStaff(
  deps: Deps,
  by: ActedBy,
  input: { name: string; login: string; email: string; password: string; role: 'attendant' | 'admin' },
): Promise<StaffOutput> {
  assertStrongPassword(input.password, { login: input.login });
  // Staff logins are unique across both realms (an admin may know a professional's login); the
  // professionals' signup checks its own realm only (user.model.ts).
  if (await deps.users.loginTaken(input.login)) {
    throw new DomainError('login_taken', undefined, { login: 'Esta identificação já está em uso.' });
  }
  let user;
  try {
    user = await deps.users.createStaff({
      role: input.role,
      name: input.name,
      login: input.login,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      passwordChangedAt: deps.now(),
      mustChangePassword: true,
    });
  } catch (error) {
    throw duplicateReason(error) ?? error;
  }
  deps.log.info({ event: 'staff_created', userId: String(user._id), role: input.role }, 'staff account created');
  await auditBy(by, deps.now(), 'staff_created', { userId: user._id });
  return staffView(user);
}

export async function listStaff(deps: Pick<Deps, 'users'>): Promise<StaffOutput[]> {
  return (await deps.users.listStaff()).map(staffView);
}

/** Disables a staff account and ends its sessions at once (audited). An admin cannot disable themself. */
export async function disableStaff(deps: Deps, by: ActedBy, id: string): Promise<StaffOutput> {
  const actorId = String(by.user._id);
  if (actorId === id) throw new DomainError('forbidden', 'Você não pode desativar a sua própria conta.');
  const user = await deps.users.setStaffDisabled(id, true);
  if (!user) throw new DomainError('not_found', 'Atendente não encontrado.');
  await SessionModel.deleteMany({ userId: user._id });
  deps.log.info({ event: 'staff_disabled', userId: id, by: actorId }, 'staff account disabled');
  await auditBy(by, deps.now(), 'staff_disabled', { userId: user._id });
  return staffView(user);
}

/** Creates the first admin from ADMIN_LOGIN / ADMIN_PASSWORD when no admin exists yet. */
export async function ensureFirstAdmin(deps: Deps): Promise<void> {
  const admin = deps.config.admin;
  if (!admin || (await deps.users.adminExists())) return;
  try {
    await deps.users.createStaff({
      role: 'admin',
      name: 'Administrador',
      login: admin.login,
      email: `${admin.login}@admin.invalid`,
      passwordHash: await hashPassword(admin.password),
      passwordChangedAt: deps.now(),
      mustChangePassword: false,
    });
    deps.log.info({ event: 'first_admin_created', login: admin.login }, 'first admin created');
  } catch (error) {
    // Another instance created it at the same moment.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

/** Active staff, for the desk's "assign to" picker. */
export async function listActiveStaff(deps: Pick<Deps, 'users'>): Promise<Array<{ id: string; name: string; role: string }>> {
  const users = await deps.users.listActiveStaff();
  return users.map((u) => ({ id: String(u._id), name: u.name, role: u.role }));
}

/** Enables a staff account again (audited). */
export async function enableStaff(deps: Deps, by: ActedBy, id: string): Promise<StaffOutput> {
  const user = await deps.users.setStaffDisabled(id, false);
  if (!user) throw new DomainError('not_found', 'Atendente não encontrado.');
  deps.log.info({ event: 'staff_enabled', userId: id, by: String(by.user._id) }, 'staff account enabled');
  await auditBy(by, deps.now(), 'staff_enabled', { userId: user._id });
  return staffView(user);
}

/** Sets a new password chosen by the admin and ends the account's sessions (audited). */
export async function resetStaffPassword(deps: Deps, by: ActedBy, id: string, password: string): Promise<StaffOutput> {
  const target = await deps.users.staffContact(id);
  if (!target) throw new DomainError('not_found', 'Atendente não encontrado.');
  assertStrongPassword(password, { login: target.login });
  const notice = await afterPasswordChange(target._id, { name: target.name, address: target.email }, deps.now());
  const user = await deps.users.setAdminChosenPassword(target._id, await hashPassword(password), deps.now(), notice.$push.outbox);
  if (!user) throw new DomainError('not_found', 'Atendente não encontrado.');
  await SessionModel.deleteMany({ userId: target._id });
  deps.log.info({ event: 'staff_password_reset', userId: id, by: String(by.user._id) }, 'staff password reset');
  await auditBy(by, deps.now(), 'staff_password_reset', { userId: user._id });
  return staffView(user);
}
