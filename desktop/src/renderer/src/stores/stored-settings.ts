// What the admin's settings stores share: one settings document read from and saved to the API,
// with the loading/saving flags, the pt-BR error and the per-field errors the form shows.
import { ref } from 'vue';
import { messageOf, toApiError } from '../api';

export interface SettingsEndpoint<T> {
  get(): Promise<T>;
  update(next: T): Promise<T>;
}

/** For a Pinia setup store: `defineStore('name', () => storedSettings(api.someSettings))`. */
export function storedSettings<T>(endpoint: SettingsEndpoint<T>) {
  const settings = ref<T | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});
  const savedAt = ref<number | null>(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      settings.value = await endpoint.get();
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  /** Resolves true once saved; false with `error` and `fieldErrors` set when refused. */
  async function save(next: T) {
    saving.value = true;
    error.value = null;
    fieldErrors.value = {};
    try {
      settings.value = await endpoint.update(next);
      savedAt.value = Date.now();
      return true;
    } catch (e) {
      error.value = messageOf(e);
      fieldErrors.value = toApiError(e).fields;
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { settings, loading, saving, error, fieldErrors, savedAt, load, save };
}
