// Lint holds the package boundaries of DESIGN.md (STYLE.md practice 2):
// shared/ imports no framework and no I/O; web/ imports only types from server/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'crypto',
  'url',
  'process',
];
const nodeImports = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'e2e/artifacts/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  {
    // A cycle of imports makes the order modules start in matter and hides which is the
    // lower layer: each package's modules form a tree (type-only imports are not followed).
    files: ['shared/src/**/*.ts', 'server/src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    // The benchmarks are Node tools around the engine (they check out a baseline build); the engine itself stays pure.
    ignores: ['shared/bench/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeImports.map((name) => ({
            name,
            message: 'shared/ is pure: no I/O (DESIGN.md).',
          })),
          patterns: [
            {
              group: [
                'react',
                'react-*',
                'fastify*',
                '@fastify/*',
                '@trpc/*',
                'cytoscape',
                'zustand',
                'kysely',
                'pg',
                '@electric-sql/*',
              ],
              message: 'shared/ knows no framework.',
            },
            {
              group: ['@vmmi/server', '@vmmi/web', '**/server/**', '**/web/**'],
              message: 'shared/ imports neither server nor web.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@vmmi/server',
              message: 'web/ imports only `type AppRouter` from server.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: ['**/server/src/**', 'fastify*', 'kysely', 'pg'],
              message: 'web/ runs in the browser.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@vmmi/web', '**/web/src/**', 'react', 'cytoscape', 'zustand'],
              message: 'server/ does not import web.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
