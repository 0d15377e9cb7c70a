// Admin: security and privacy settings — session limits, staff two-step verification, the cap on
// open tickets per professional, and who controls the data (the privacy notice).
import { defineStore } from 'pinia';
import { api, type SecuritySettings } from '../api';
import { storedSettings } from './stored-settings';

export const useSecuritySettingsStore = defineStore('security-settings', () => storedSettings<SecuritySettings>(api.securitySettings));
