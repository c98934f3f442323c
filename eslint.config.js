// Lint rules, including the dependency direction of DESIGN.md: core <- store/runtime <- jobs/server <- roles/cli
// <- main. A wrong import fails the build instead of waiting for a reviewer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_IO = [
  'fs',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'dgram',
  'cluster',
  'tls',
  'os',
  'process',
  'readline',
  'stream',
  'zlib',
];
const nodeIo = NODE_IO.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);
const layer = (dirs) => dirs.flatMap((d) => [`**/${d}/**`, `../${d}/*`, `../../${d}/*`]);
const electron = { group: ['electron', 'electron/*'], message: 'Electron is imported only under main/.' };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.build/**',
      'node_modules/**',
      'coverage/**',
      'grammars/**',
      'bench/data/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [electron] }],
    },
  },
  {
    files: ['engine/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeIo.map((name) => ({
            name,
            message: 'engine/core does no I/O: pass data in from the caller.',
          })),
          patterns: [
            electron,
            {
              group: layer(['store', 'runtime', 'jobs', 'server', 'supervisor', 'roles', 'cli']),
              message: 'engine/core depends on nothing outside core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['engine/store/**/*.ts', 'engine/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electron,
            {
              group: layer(['jobs', 'server', 'supervisor', 'roles', 'cli']),
              message: 'store and runtime must not depend on the layers above them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['engine/jobs/**/*.ts', 'engine/server/**/*.ts', 'engine/supervisor/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electron,
            {
              group: layer(['roles', 'cli']),
              message: 'jobs, server and supervisor must not depend on roles or the CLI.',
            },
          ],
        },
      ],
    },
  },
);
