// One test run for the whole tree: unit tests beside their code, cross-workspace tests in tests/.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const crossWorkspace = {
  root: 'tests',
  globalSetup: ['./support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'server', root: 'server', include: ['src/**/*.test.ts'] } },
      { test: { name: 'client', root: 'client', include: ['src/**/*.test.ts'] } },
      { test: { name: 'widget', root: 'widget', include: ['src/**/*.test.ts'], environment: 'happy-dom', setupFiles: ['./src/test/setup.ts'] } },
      { plugins: [vue()], test: { name: 'desktop', root: 'desktop', include: ['src/**/*.test.ts'], environment: 'happy-dom' } },
      { test: { name: 'integration', include: ['integration/**/*.test.ts'], ...crossWorkspace } },
      // The lint rules' own tests: no server, no database.
      { test: { name: 'lint', root: 'tests', include: ['lint/**/*.test.ts'], testTimeout: 60_000 } },
      // Browser tests drive one Chromium each; two files at once is what 2 cores can carry. They
      // run after everything else (groupOrder 1), so they never compete with the integration files.
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          ...crossWorkspace,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
