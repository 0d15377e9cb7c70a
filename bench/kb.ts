// Benchmark: knowledge-base search (SPEC §10, target ≤ 50 ms server time with 2 000 articles). Seeds
// 2 000 published articles (the 20 of tests/support/kb-articles.ts plus generated ones of the same
// shape), starts the server as a child process and measures kb.search through the API: one client
// (service time) and 10 concurrent clients, with the searches professionals type. Also times the
// index (re)build an edit causes: kb.save on the instance that edits, the first search after it.
// First, the same searches in this process against the server's index code: its own time per search.
//   npm run bench:kb -- --engine=mongo-java-server|ferretdb [--articles=2000] [--duration=8] [--concurrency=10]
import { MongoClient, ObjectId } from 'mongodb';
import { KB_ARTICLES, KB_QUERIES } from '../tests/support/kb-articles';
import { kbSlugify } from '../shared/src/kb';
import { indexArticles, searchIndex } from '../server/src/kb/kb-index';
import { args, engineArg, formatLoad, machine, mutate, percentile, query, runLoad, startEngine, startServer, withDatabase, writeResults, type LoadResult } from './lib';

const a = args();
const engineName = engineArg(a);
const articles = Number(a.articles ?? 2000);
const durationMs = Number(a.duration ?? 8) * 1000;
const concurrency = Number(a.concurrency ?? 10);

const WORDS = (
  'arquitetura urbanismo projeto obra reforma licença alvará prefeitura habite-se memorial descritivo planta fachada ' +
  'estrutura fundação acessibilidade norma técnica incêndio vistoria laudo perícia patrimônio tombamento restauro ' +
  'paisagismo loteamento parcelamento solo zoneamento ocupação calçada drenagem saneamento conforto térmico acústico ' +
  'iluminação ventilação cobertura telhado impermeabilização orçamento contrato honorários tabela remuneração ' +
  'responsável técnico coautoria anotação cadastro sistema documento prazo protocolo requerimento declaração'
).split(' ');
const TOPICS = ['rrt', 'annuity', 'registration', 'other'] as const;

function pick(n: number, seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[(seed * 7919 + i * 104729) % WORDS.length]!);
  return out;
}

function generated(i: number) {
  const title = `${pick(1, i)[0]!.replace(/^./, (c) => c.toUpperCase())} de ${pick(3, i + 1).join(' ')} (${i})`;
  const body = Array.from({ length: 5 }, (_, p) => `${pick(14, i * 5 + p).join(' ')}.`).join('\n\n');
  return { title, body, topic: TOPICS[i % 4]!, keywords: pick(3, i + 99) };
}

console.log(`bench:kb on ${engineName} — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const dbName = 'cau_bench_kb';
const db = mongo.db(dbName);
await db.dropDatabase();

const now = new Date();
const editor = { id: new ObjectId(), name: 'Bench', role: 'admin' };
const docs = [
  ...KB_ARTICLES.map((x) => ({ title: x.title, body: x.body, topic: x.topic, keywords: x.keywords })),
  ...Array.from({ length: Math.max(0, articles - KB_ARTICLES.length) }, (_, i) => generated(i)),
].map((x, i) => ({
  ...x, slug: `${kbSlugify(x.title)}-${i}`, status: 'published', createdAt: now, updatedAt: now, updatedBy: editor, publishedAt: now,
  revisions: [{ at: now, by: editor, action: 'created', fields: ['title', 'body'] }],
}));
await db.collection('kbarticles').insertMany(docs);
console.log(`seeded ${docs.length} published articles`);

// The server's own work per search, without HTTP, the rate limiter and the stamp check: the same
// index code the server runs, in this process.
const figures: Record<string, unknown> = { articles: docs.length };
{
  let t0 = performance.now();
  const index = indexArticles(docs.map((d, i) => ({ _id: i, ...d })));
  figures.indexBuildMs = Math.round(performance.now() - t0);
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const { query: q } of KB_QUERIES) {
      t0 = performance.now();
      searchIndex(index, q, { limit: 20 });
      times.push(performance.now() - t0);
    }
  }
  times.sort((x, y) => x - y);
  figures.inProcess = { searches: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1) };
  console.log(`in process: index of ${docs.length} built in ${figures.indexBuildMs} ms; search p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms over ${times.length}`);
}

const server = await startServer(withDatabase(engine.uri, dbName), {}, 'server');
const base = `${server.url}/trpc`;
const results: LoadResult[] = [];
try {
  let t0 = performance.now();
  await query(base, 'kb.search', { query: 'boleto' });
  figures.firstSearchMs = Math.round(performance.now() - t0);
  console.log(`first search (builds the index of ${docs.length} articles): ${figures.firstSearchMs} ms`);

  const search = (_client: number, n: number) => query(base, 'kb.search', { query: KB_QUERIES[n % KB_QUERIES.length]!.query });
  for (const [name, c] of [['kb.search, 1 client', 1], [`kb.search, ${concurrency} clients`, concurrency]] as const) {
    const r = await runLoad(name, search, { concurrency: c, durationMs, warmupMs: 1_000 });
    results.push(r);
    console.log(formatLoad(r));
  }
  const suggest = (_client: number, n: number) =>
    query(base, 'kb.search', { query: `${KB_QUERIES[n % KB_QUERIES.length]!.query} não consigo resolver pelo SICCAU, preciso de ajuda com isso`, context: 'new_ticket' });
  const r = await runLoad('kb.search new_ticket (long text), 1 client', suggest, { concurrency: 1, durationMs, warmupMs: 1_000 });
  results.push(r);
  console.log(formatLoad(r));

  const { token } = await mutate<{ token: string }>(base, 'auth.login', { login: 'admin', password: 'Adm1n-Senha-Forte' });
  t0 = performance.now();
  await mutate(base, 'kb.save', { title: 'Artigo novo do benchmark', body: 'Texto do artigo novo, longo o bastante.', topic: 'other', status: 'published' }, token);
  figures.saveWithRebuildMs = Math.round(performance.now() - t0);
  t0 = performance.now();
  await query(base, 'kb.search', { query: 'benchmark' });
  figures.searchAfterEditMs = Math.round(performance.now() - t0);
  console.log(`kb.save (write + stamp + rebuild on this instance): ${figures.saveWithRebuildMs} ms; next search: ${figures.searchAfterEditMs} ms`);
} finally {
  await server.stop();
  await db.dropDatabase();
  await mongo.close();
  await engine.stop();
}
console.log(`results: ${writeResults(`kb-${engineName}`, { ...figures, results })}`);
