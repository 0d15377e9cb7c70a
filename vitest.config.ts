// One test run for the whole tree: unit tests beside their code, cross-workspace tests in tests/.
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const crossWorkspace = {
  root: 'tests',
  globalSetup: ['./support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

// Three groups, one after the other (sequence.groupOrder), each with the parallelism its files
// can carry on a 2-core machine:
// 0. unit tests and the lint rules' tests: CPU-bound, two at a time;
// 1. integration files: each starts its own server and database and mostly waits (quiet minutes,
//    timers, child servers, mail passes), so three run side by side;
// 2. browser files: one Chromium each, three at once, after everything else so they never compete
//    with the integration files' timing.
// Unit files get 20 s a test: a first import (electron-builder's schema, happy-dom) can take several
// seconds while another file runs beside it on a busy machine.
const unit = { maxWorkers: 2, testTimeout: 20_000 } as const;

/**
 * The files that take a minute or more, longest first (clean-clone CI, 2026-12-07: 60–110 s each,
 * mostly waiting). Started first, so the last files to start in a group are short ones: in a clean
 * clone vitest has no durations yet and starts the largest files first, and two of the longest
 * (the live scenarios, small files) started last, 80 s after the group's other files had ended.
 */
const LONGEST = [
  'hostile-suite.test.ts', 'live.test.ts', 'live-change-streams.test.ts', 'faults.test.ts', 'mail.test.ts', 'deadlines.test.ts',
  'desk-live.test.ts', 'desk-live-idle-attendant.test.ts', 'desk-live-idle-admin.test.ts', 'desk.test.ts', 'widget.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = LONGEST.indexOf(path.basename(spec.moduleId));
      return at < 0 ? LONGEST.length : at;
    };
    const order = new Map(sorted.map((spec, i) => [spec, i]));
    // Only within a project: the groups and projects keep vitest's order.
    return [...sorted].sort((a, b) => (a.project.name === b.project.name ? rank(a) - rank(b) : 0) || order.get(a)! - order.get(b)!);
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'], ...unit } },
      { test: { name: 'server', root: 'server', include: ['src/**/*.test.ts'], ...unit } },
      { test: { name: 'client', root: 'client', include: ['src/**/*.test.ts'], ...unit } },
      { test: { name: 'widget', root: 'widget', include: ['src/**/*.test.ts'], environment: 'happy-dom', setupFiles: ['./src/test/setup.ts'], ...unit } },
      { plugins: [vue()], test: { name: 'desktop', root: 'desktop', include: ['src/**/*.test.ts'], environment: 'happy-dom', ...unit } },
      // The lint rules' own tests: no server, no database.
      { test: { name: 'lint', root: 'tests', include: ['lint/**/*.test.ts'], ...unit, testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          maxWorkers: 3,
          sequence: { groupOrder: 1 },
          ...crossWorkspace,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          maxWorkers: 3,
          sequence: { groupOrder: 2 },
          ...crossWorkspace,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
