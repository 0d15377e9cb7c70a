// ESLint (flat config): typescript-eslint's recommended rules on every workspace, Vue's on the desk,
// and the import boundaries of docs/architecture.md, so "dependencies point inward" is checked.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Server frameworks that domain code must not know about. */
const FRAMEWORKS = [
  { group: ['express', 'express/*'], message: 'Domain code does not know about HTTP: keep express in server/src/http.' },
  { group: ['@trpc/*'], message: 'Domain code does not know about tRPC: keep it in server/src/trpc.' },
  { group: ['agenda', 'agenda/*', '@agendajs/*'], message: 'Domain code does not know about Agenda: keep it in server/src/jobs.' },
];

/**
 * The tickets and users collections are read and written by their repositories only (Deps.tickets,
 * Deps.users); everything else asks them. The model files still export the types and helpers.
 */
const MODELS = [
  { group: ['**/ticket.model'], importNames: ['TicketModel'], message: 'Read and write tickets through deps.tickets (tickets/ticket.repository.ts).' },
  { group: ['**/user.model'], importNames: ['UserModel'], message: 'Read and write users through deps.users (users/user.repository.ts).' },
];

/** Files that may still name the models: the repositories, the model files, and (for now) what issue 16 leaves to other work. */
const MODEL_OWNERS = [
  'server/src/tickets/ticket.repository.ts', 'server/src/users/user.repository.ts', 'server/src/tickets/ticket.model.ts', 'server/src/users/user.model.ts',
  // Parts of the ticket repository: the report aggregations (deps.tickets.reports), the desk-events
  // relay's live-entry queries (deps.tickets.live) and the keyset paging its lists use.
  'server/src/tickets/ticket-report.queries.ts', 'server/src/tickets/live-outbox.queries.ts', 'server/src/tickets/keyset.ts',
  'server/src/**/*.test.ts',
];

/** Ours, as seen from shared/: nothing. */
const OUR_WORKSPACES = [
  { group: ['@cau/*'], message: 'shared/ depends on nothing of ours.' },
  { group: ['**/server/**', '**/client/**', '**/widget/**', '**/desktop/**', '**/tests/**'], message: 'shared/ depends on nothing of ours.' },
];

/** What the clients may take from the server: types only. */
const SERVER_RUNTIME = {
  patterns: [
    { group: ['@cau/server', '@cau/server/*'], allowTypeImports: true, message: 'Clients import only types from the server (import type { AppRouter }).' },
    { group: ['**/server/src/**'], allowTypeImports: true, message: 'Clients import only types from the server (import type { AppRouter }).' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**', '**/dist/**', '**/out/**', '**/release/**', '.data/**', '.ci/**',
      'tests/db/target/**', 'bench/ferretdb/**', 'widget/demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_` marks an argument or binding kept for its position (express error handlers, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `interface WindowEventMap extends CauEventMap {}` is how a library adds its events to the DOM's maps.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    rules: {
      // Layout of templates is a formatter's business, not a linter's; there is no formatter here yet.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/attributes-order': 'off',
    },
  },
  {
    // Fakes and fixtures stand in for loosely typed browser and network objects.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'tests/**/*.ts', 'desktop/src/main/electron.fake.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Import boundaries (docs/architecture.md).
  {
    files: ['shared/src/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...OUR_WORKSPACES, ...FRAMEWORKS, { group: ['mongoose', 'mongodb', 'node:*'], message: 'shared/ is pure: no I/O.' }] }] },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: MODEL_OWNERS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: MODELS }] },
  },
  {
    files: ['server/src/tickets/**/*.ts', 'server/src/users/**/*.ts', 'server/src/mail/**/*.ts'],
    ignores: MODEL_OWNERS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...FRAMEWORKS, ...MODELS] }] },
  },
  {
    files: [...MODEL_OWNERS.filter((f) => /\/(tickets|users)\//.test(f)), 'server/src/{tickets,users,mail}/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: FRAMEWORKS }] },
  },
  {
    files: ['client/src/**/*.ts', 'widget/src/**/*.ts', 'desktop/src/**/*.ts', 'desktop/src/**/*.vue'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', SERVER_RUNTIME] },
  },
);
