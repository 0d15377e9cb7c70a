// One test run for the whole tree: unit tests beside their code, cross-workspace tests in tests/.
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
      { test: { name: 'widget', root: 'widget', include: ['src/**/*.test.ts'], environment: 'happy-dom', setupFiles: ['./src/test/setup.ts'] } },
      { test: { name: 'integration', include: ['integration/**/*.test.ts'], ...crossWorkspace } },
      // Browser tests drive one Chromium each; two files at once is what 2 cores can carry.
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], maxWorkers: 2, ...crossWorkspace, testTimeout: 90_000 } },
    ],
  },
});
