// Desk events exactly once across instances (SPEC §8) on the suite's database, with whichever
// transport it gives (mongo-java-server without its oplog and FerretDB v2: polling; MongoDB:
// change streams). The scenarios are in tests/support/live-scenarios.ts; live-change-streams.test.ts
// runs them once more on a mongo-java-server of its own with change streams.
import { inject } from 'vitest';
import { liveScenarios } from '../support/live-scenarios';

liveScenarios({ database: async () => ({ uri: inject('mongoUri') }) });
