// Who is signed in. The session token is kept by the platform (Electron's main process, which hands
// the page only short-lived access tokens; sessionStorage on the web), never by this store; the
// user is re-read from the server at start.
import type { Role } from '@cau/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api, platform, type Credentials, type User } from '../api';

export const STAFF_ROLES: readonly Role[] = ['attendant', 'admin'];

/**
 * Device tokens by login (trusted-device login throttling on the server): a stranger's wrong
 * guesses at an attendant's login slow down other devices, not this desk.
 */
const DEVICE_KEY = 'cau-desk:devices';

function deviceTokens(): Record<string, unknown> {
  try {
    const parsed = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function keepDeviceToken(login: string, token: string): void {
  try {
    localStorage.setItem(DEVICE_KEY, JSON.stringify({ ...deviceTokens(), [login]: token }));
  } catch {
    // Without storage the desk still signs in, only without the trusted-device benefit.
  }
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const status = ref<'unknown' | 'anonymous' | 'authenticated'>('unknown');
  /** Why the attendant is looking at the login screen, when it was not their choice. */
  const notice = ref<string | null>(null);
  /** The notice is about an unreachable server: "Tentar novamente" makes sense. */
  const canRetry = ref(false);
  const serverUrl = ref<string | null>(null);
  /**
   * Staff must enrol in two-step verification (admin setting) before the server answers anything
   * else: the desk keeps them on "Minha conta" until they do.
   */
  const mfaEnrolmentRequired = ref(false);
  let ready: Promise<void> | null = null;

  const isAdmin = computed(() => user.value?.role === 'admin');
  /**
   * An admin set this account's password (new account, reset): the server answers nothing but the
   * password change until the person chooses their own, so the desk shows only that screen.
   */
  const passwordChangeRequired = computed(() => user.value?.mustChangePassword === true);

  /** API calls take their bearer from the platform from now on. */
  const signIn = () => api.setBearer(() => platform.accessToken());

  async function clear() {
    api.setBearer(null);
    user.value = null;
    status.value = 'anonymous';
    mfaEnrolmentRequired.value = false;
    await platform.clearToken().catch(() => undefined);
  }

  async function restore() {
    notice.value = null;
    canRetry.value = false;
    const settings = await platform.settings();
    serverUrl.value = settings.serverUrl;
    api.configure(settings.apiBase);
    api.setUnauthenticatedHandler(() => void expire());
    api.setEnrolmentRequiredHandler(() => {
      if (status.value === 'authenticated') mfaEnrolmentRequired.value = true;
    });
    const saved = await platform.restoreSession().catch(() => 'none' as const);
    if (saved === 'unreachable') {
      // Keep the saved session: the server may just be restarting.
      unreachable();
      return;
    }
    if (saved === 'none') {
      status.value = 'anonymous';
      return;
    }
    signIn();
    try {
      const me = await api.me();
      if (!STAFF_ROLES.includes(me.role)) throw new ApiError('forbidden', '');
      user.value = me;
      await checkEnrolment();
      status.value = 'authenticated';
    } catch (error) {
      const reason = error instanceof ApiError ? error.reason : 'network';
      if (reason === 'network' || reason === 'unavailable') {
        // Keep the saved session: the server may just be restarting.
        unreachable();
        return;
      }
      await clear();
    }
  }

  function unreachable() {
    api.setBearer(null);
    status.value = 'anonymous';
    notice.value = 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.';
    canRetry.value = true;
  }

  /** Resolves once the saved session (if any) has been checked; safe to call many times. */
  function init(): Promise<void> {
    ready ??= restore();
    return ready;
  }

  async function retry() {
    ready = restore();
    return ready;
  }

  /** Asks whether this staff member must still enrol; a failure here is not a reason to refuse entry. */
  async function checkEnrolment() {
    try {
      const mfa = await api.account.mfa.status();
      mfaEnrolmentRequired.value = mfa.required && !mfa.enabled;
    } catch {
      // The next call the desk makes will say so (mfa_enrollment_required) if it matters.
    }
  }

  /**
   * Signs in. Accounts with two-step verification answer `mfa_required` to the password alone
   * (thrown for the login screen to ask for the code) and `mfa_invalid` to a wrong code.
   */
  async function login(credentials: Credentials) {
    const key = credentials.login.trim().toLowerCase();
    const deviceToken = deviceTokens()[key];
    const session = await api.login(typeof deviceToken === 'string' ? { ...credentials, deviceToken } : credentials);
    if (session.deviceToken) keepDeviceToken(key, session.deviceToken);
    signIn();
    if (!STAFF_ROLES.includes(session.user.role)) {
      await api.logout().catch(() => undefined);
      await clear();
      throw new ApiError('forbidden', 'Esta conta é de profissional. Use o Portal de Atendimento no site do CAU/SP.');
    }
    user.value = session.user;
    await checkEnrolment();
    status.value = 'authenticated';
    notice.value = null;
    canRetry.value = false;
  }

  /** The person chose their own password: the desk opens (or asks for enrolment, if that is due too). */
  async function passwordChanged() {
    if (!user.value) return;
    const { mustChangePassword: _done, ...rest } = user.value;
    user.value = rest;
    await checkEnrolment();
  }

  /** Enrolment finished: the rest of the desk opens up. */
  function enrolled() {
    mfaEnrolmentRequired.value = false;
  }

  /** This session was ended from here (e.g. "sair de todos os dispositivos"): back to the login screen. */
  async function ended(message: string) {
    notice.value = message;
    await clear();
  }

  async function logout() {
    await api.logout().catch(() => undefined);
    await clear();
  }

  /** Nobody touched the desk for the staff idle limit: the session ends here and on the server. */
  async function idleSignOut() {
    if (status.value !== 'authenticated') return;
    await api.logout().catch(() => undefined);
    notice.value = 'Sua sessão foi encerrada por inatividade. Entre novamente.';
    await clear();
  }

  /** The server refused our token (expired, account disabled, password reset). */
  async function expire() {
    if (status.value !== 'authenticated') return;
    notice.value = 'Sua sessão terminou. Entre novamente.';
    await clear();
  }

  function hasRole(roles: readonly Role[]) {
    return user.value !== null && roles.includes(user.value.role);
  }

  return {
    user, status, notice, canRetry, serverUrl, isAdmin, mfaEnrolmentRequired, passwordChangeRequired,
    init, retry, login, logout, expire, idleSignOut, ended, hasRole, enrolled, passwordChanged,
  };
});
