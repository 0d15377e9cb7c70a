// Admin: the deadline rules (the two waits, calendar or business days, holidays).
import { defineStore } from 'pinia';
import { api, type DeadlineSettings } from '../api';
import { storedSettings } from './stored-settings';

export const useDeadlinesStore = defineStore('deadlines', () => storedSettings<DeadlineSettings>(api.deadlineSettings));
