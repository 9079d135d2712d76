// ESLint: typescript-eslint's recommended rules plus the module boundaries of house style
// ("Module boundaries"), checked per folder with `no-restricted-imports` as tldraw does.
// `npm run lint`; `npm test` runs it right after the typecheck.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

/** Database drivers and the query builder: only server/ talks to a database. */
const DATABASE = ['better-sqlite3', 'pg', 'ioredis', 'kysely']

/** A relative import that climbs out of its folder into the root `folder/` (`../../server/sync/Room`). */
function intoRootFolder(folder) {
  return { regex: `^(\\.\\./)+${folder}(/|$)`, message: `${folder}/ is out of bounds here (house-style "Module boundaries").` }
}

/** Packages as a no-restricted-imports pattern: each name and its subpaths (`next`, `next/server`). */
function packages(names, message, allowTypeImports = false) {
  return { regex: `^(${names.join('|')})(/|$)`, message, allowTypeImports }
}

const NODE_BUILTINS = { regex: `^(node:|(${builtinModules.join('|')})(/|$))`, message: 'No Node built-ins here: this code runs in the browser or must stay pure.' }

/** Tests, and the helpers only tests use (server/testing/, testing/). */
const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**', 'testing/**']

/** The shared test helpers (testing/, server/testing/) are for tests, not for the app. */
const TEST_HELPERS = { regex: '^(\\.\\./)+testing(/|$)', message: 'testing/ holds helpers for tests; the app does not import them.' }

/** One folder's import bounds: its code gets `patterns` and no test helpers; its tests and helpers get `testPatterns`. */
function bounds(folder, patterns, testPatterns = patterns) {
  return [
    { files: [`${folder}/**/*.{ts,tsx}`], ignores: TESTS, rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, TEST_HELPERS] }] } },
    { files: TESTS.map((glob) => (glob.startsWith('**/') ? `${folder}/${glob}` : glob)).filter((glob) => glob.startsWith(`${folder}/`)), rules: { 'no-restricted-imports': ['error', { patterns: testPatterns }] } },
  ]
}

/** What lib/ may not import (a later block for the same files replaces these, so it repeats them). */
const LIB_PATTERNS = [
  packages(['react', 'react-dom', 'next', 'next-auth'], 'lib/ is pure: no React or Next (house-style "Module boundaries").', true),
  packages(['ws', ...DATABASE], 'lib/ is pure: no sockets or databases; server/ owns them.', true),
  packages(['tldraw', '@tldraw/tlschema', '@tldraw/assets'], 'lib/ may use tldraw for types only: `import type`.', true),
  NODE_BUILTINS,
  intoRootFolder('server'), intoRootFolder('components'), intoRootFolder('app'),
]

export default defineConfig(
  { ignores: ['node_modules/', '.next/', 'data/', 'test-results/', 'playwright-report/', 'bench-results/', 'faults/results/', 'scratch/', 'next-env.d.ts'] },
  // A disable comment that no longer silences anything fails the lint, so none outlive their reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // TypeScript already reports undefined names, with the DOM and Node types in view.
      'no-undef': 'off',
      // A leading underscore marks a name kept on purpose (a parameter a callback signature needs).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // lib/: pure domain logic shared by app, components and server. No React, Next, ws, database,
  // Node built-ins or process.env; `import type` from anything is fine. Its tests may use Node and
  // tldraw's runtime to check the pure code against them, but reach into no other folder.
  ...bounds('lib', LIB_PATTERNS, [intoRootFolder('server'), intoRootFolder('components'), intoRootFolder('app')]),
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'lib/ is deterministic: pass configuration in.' }] },
  },
  // The Yjs runtime stays out of lib/ except lib/collab/, the document layer both sides share
  // (state vectors, the incremental key-value view, the sync messages): moving it elsewhere would
  // make a second shared folder. Types from Yjs are fine everywhere in lib/.
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: [...TESTS, 'lib/collab/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...LIB_PATTERNS,
          TEST_HELPERS,
          packages(['yjs', 'y-protocols', 'lib0', 'y-websocket', 'y-indexeddb', 'y-utility'], 'Outside lib/collab/, lib/ uses Yjs for types only: `import type`.', true),
        ],
      }],
    },
  },

  // components/: React, importing lib/ and components/ only; never the server process or routes.
  ...bounds('components', [
    intoRootFolder('server'), intoRootFolder('app'),
    packages(['ws', ...DATABASE], 'components/ run in the browser: no socket servers or databases.', true),
    NODE_BUILTINS,
  ]),

  // server/: the process. Never app/ or components/.
  ...bounds('server', [intoRootFolder('components'), intoRootFolder('app')]),

  // app/: Next.js routes; anything but server/.
  ...bounds('app', [intoRootFolder('server')]),

  // testing/: helpers for every test tier, built on lib/ alone.
  ...bounds('testing', [intoRootFolder('server'), intoRootFolder('components'), intoRootFolder('app')]),
)
