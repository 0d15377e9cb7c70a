// Admin: the staff accounts (attendants and admins).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type NewStaff, type Staff } from '../api';
import { attempt } from './attempt';

export const useStaffStore = defineStore('staff', () => {
  const list = ref<Staff[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The account whose row is busy (enable/disable/reset), so only its buttons wait. */
  const busyId = ref<string | null>(null);

  async function load() {
    await attempt(loading, true, false, error, async () => {
      list.value = await api.staff.list();
    });
  }

  function replace(updated: Staff) {
    list.value = list.value.map((s) => (s.id === updated.id ? updated : s));
  }

  /** Creates the account; errors (login taken, weak password…) are thrown for the form to show. */
  async function create(input: NewStaff) {
    const created = await api.staff.create(input);
    list.value = [...list.value, created].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
    return created;
  }

  function rowAction(id: string, action: () => Promise<Staff>) {
    return attempt(busyId, id, null, error, async () => replace(await action()));
  }

  const disable = (id: string) => rowAction(id, () => api.staff.disable(id));
  const enable = (id: string) => rowAction(id, () => api.staff.enable(id));
  /** Throws the server's refusal (weak password) for the dialog to show. */
  async function resetPassword(id: string, password: string) {
    busyId.value = id;
    try {
      replace(await api.staff.resetPassword(id, password));
    } finally {
      busyId.value = null;
    }
  }

  /** Clears the account's second factor (its sessions end); throws for the dialog to show. */
  async function resetMfa(id: string) {
    busyId.value = id;
    try {
      await api.staff.resetMfa(id);
    } finally {
      busyId.value = null;
    }
  }

  return { list, loading, error, busyId, load, create, disable, enable, resetPassword, resetMfa };
});
