// Size of the built widget module, raw and gzipped (the budget is 45 KB gzipped: Lit, the tRPC client
// and the app). Run after `npm run build -w widget`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const BUDGET_GZIP = 45 * 1024;
const file = path.resolve(import.meta.dirname, '..', 'widget', 'dist', 'cau-atendimento.js');

let bytes;
try {
  bytes = readFileSync(file);
} catch {
  console.error(`${path.relative(process.cwd(), file)} is missing: run "npm run build -w widget" first.`);
  process.exit(1);
}
const gzipped = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

console.log(`widget/dist/cau-atendimento.js (built ${statSync(file).mtime.toISOString()})`);
console.log(`raw:     ${kb(bytes.length)} (${bytes.length} bytes)`);
console.log(`gzipped: ${kb(gzipped)} (${gzipped} bytes), budget ${kb(BUDGET_GZIP)}: ${gzipped <= BUDGET_GZIP ? 'within' : 'OVER'}`);
process.exit(gzipped <= BUDGET_GZIP ? 0 : 1);
