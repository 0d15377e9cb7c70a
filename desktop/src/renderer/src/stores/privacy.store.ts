// Admin, LGPD: finding a professional (CPF masked) and anonymising them on request.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, type AnonymizeResult, type ProfessionalMatch } from '../api';
import { attempt } from './attempt';

export const usePrivacyStore = defineStore('privacy', () => {
  const query = ref('');
  /** What the results are for (null before the first search). */
  const searched = ref<string | null>(null);
  const results = ref<ProfessionalMatch[]>([]);
  const searching = ref(false);
  const error = ref<string | null>(null);
  const fieldError = ref<string | null>(null);

  async function search() {
    const text = query.value.trim();
    error.value = null;
    fieldError.value = null;
    if (text.length < 2) {
      fieldError.value = 'Digite ao menos 2 caracteres.';
      return false;
    }
    return attempt(searching, true, false, error, async () => {
      results.value = await api.professionals.search(text);
      searched.value = text;
    });
  }

  /** Anonymises for good; the row is re-read so it shows what is left. Throws for the dialog. */
  async function anonymize(id: string): Promise<AnonymizeResult> {
    const result = await api.professionals.anonymize(id);
    if (searched.value) {
      try {
        results.value = await api.professionals.search(searched.value);
      } catch {
        results.value = results.value.filter((r) => r.id !== id);
      }
    }
    return result;
  }

  return { query, searched, results, searching, error, fieldError, search, anonymize };
});
