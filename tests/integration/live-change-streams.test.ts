// The live-layer scenarios (tests/support/live-scenarios.ts) on the change-stream transport: a
// mongo-java-server of this file's own, in memory with its oplog (MONGO_TEST_OPLOG), on a free
// port, whatever database the rest of the suite uses. Both instances must announce change streams,
// so a server that silently fell back to polling fails here.
import { startMongoJavaServer } from '@cau/server/engine';
import { liveScenarios } from '../support/live-scenarios';

liveScenarios({
  database: () => startMongoJavaServer({ oplog: true }),
  transport: 'change streams',
});
