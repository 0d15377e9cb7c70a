// The signed-in person's own account: two-step verification (status, enrolment, recovery codes,
// disabling), their open sessions, and the password. Actions that answer a form throw the
// server's ApiError for it to show; loads keep their error here.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, messageOf, type AccountSession, type MfaEnrolment, type MfaStatus } from '../api';
import { useSessionStore } from './session.store';

export const useAccountStore = defineStore('account', () => {
  const mfa = ref<MfaStatus | null>(null);
  const mfaLoading = ref(false);
  const mfaError = ref<string | null>(null);
  /** An enrolment under way: the new secret and its QR code, until confirmed or abandoned. */
  const enrolment = ref<MfaEnrolment | null>(null);
  /** The recovery codes of the enrolment just confirmed: shown once, then forgotten. */
  const recoveryCodes = ref<string[] | null>(null);

  const sessions = ref<AccountSession[]>([]);
  const sessionsLoading = ref(false);
  const sessionsError = ref<string | null>(null);
  /** The session whose row is busy (being ended). */
  const busySessionId = ref<string | null>(null);

  async function loadMfa() {
    mfaLoading.value = true;
    mfaError.value = null;
    try {
      mfa.value = await api.account.mfa.status();
    } catch (e) {
      mfaError.value = messageOf(e);
    } finally {
      mfaLoading.value = false;
    }
  }

  /** Starts (or, with a current code, restarts) enrolment: a new secret to add to the app. */
  async function beginEnrolment(code?: string) {
    recoveryCodes.value = null;
    enrolment.value = await api.account.mfa.begin(code);
  }

  function cancelEnrolment() {
    enrolment.value = null;
  }

  /** Confirms with a first code from the app; the desk opens up if enrolment was required. */
  async function confirmEnrolment(code: string) {
    const { recoveryCodes: codes } = await api.account.mfa.confirm(code);
    enrolment.value = null;
    recoveryCodes.value = codes;
    useSessionStore().enrolled();
    await loadMfa();
  }

  function forgetRecoveryCodes() {
    recoveryCodes.value = null;
  }

  async function disableMfa(code: string) {
    await api.account.mfa.disable(code);
    await loadMfa();
  }

  async function loadSessions() {
    sessionsLoading.value = true;
    sessionsError.value = null;
    try {
      sessions.value = await api.account.sessions();
    } catch (e) {
      sessionsError.value = messageOf(e);
    } finally {
      sessionsLoading.value = false;
    }
  }

  async function revokeSession(id: string) {
    busySessionId.value = id;
    sessionsError.value = null;
    try {
      await api.account.revokeSession(id);
      sessions.value = sessions.value.filter((s) => s.id !== id);
    } catch (e) {
      sessionsError.value = messageOf(e);
    } finally {
      busySessionId.value = null;
    }
  }

  /** Ends every session of the account, this one included: back to the login screen. */
  async function logoutEverywhere() {
    await api.account.logoutEverywhere();
    sessions.value = [];
    await useSessionStore().ended('Você saiu de todos os dispositivos. Entre novamente.');
  }

  /** Every session ends on the server; this desk carries on with the new token it answers. */
  async function changePassword(input: { currentPassword: string; newPassword: string }) {
    // The platform keeps the new session's token (main, in Electron); the calls go on with it.
    await api.account.changePassword(input);
    await loadSessions();
  }

  function $reset() {
    mfa.value = null;
    enrolment.value = null;
    recoveryCodes.value = null;
    sessions.value = [];
    mfaError.value = null;
    sessionsError.value = null;
  }

  return {
    mfa, mfaLoading, mfaError, enrolment, recoveryCodes, sessions, sessionsLoading, sessionsError, busySessionId,
    loadMfa, beginEnrolment, cancelEnrolment, confirmEnrolment, forgetRecoveryCodes, disableMfa,
    loadSessions, revokeSession, logoutEverywhere, changePassword, $reset,
  };
});
