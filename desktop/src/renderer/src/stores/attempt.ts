// What a store action that calls the server does around the call: mark what is busy (a flag, or the
// id of the row that waits), clear the last error, keep the server's pt-BR message when it fails.
import type { Ref } from 'vue';
import { messageOf } from '../api';

/** Runs `work` with `busy` at `during` (then back to `idle`); true when it worked, else `error` says why. */
export async function attempt<T>(busy: Ref<T>, during: T, idle: T, error: Ref<string | null>, work: () => Promise<unknown>): Promise<boolean> {
  busy.value = during;
  error.value = null;
  try {
    await work();
    return true;
  } catch (e) {
    error.value = messageOf(e);
    return false;
  } finally {
    busy.value = idle;
  }
}
