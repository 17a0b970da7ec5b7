import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'codemod/dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core runs in browsers and edge runtimes: no Node built-ins, no codemod. The system ID and the command
    // line (src/cli, which runs the codemod package only as a separate process) are Node-only.
    files: ['src/**/*.ts'],
    ignores: ['src/system-id/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'], message: 'The core must not import Node built-ins (it runs in browsers and edge runtimes).' },
            { group: ['**/codemod/**', 'ts-morph', 'typescript'], message: 'The core never imports the codemod.' },
          ],
        },
      ],
    },
  },
);
