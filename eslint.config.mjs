// Lint for what the type checker cannot see: unused code, floating promises, accidental `any`.
// Formatting is Prettier's job alone (eslint-config-prettier turns the style rules off).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'test/output/**',
      '**/*.generated.ts',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // The text rules, the canonical form and signed notes exist to find control characters: such patterns are the point.
      'no-control-regex': 'off',
    },
  },
  {
    // Configuration is read from the environment in the config modules only; everything else is given it
    // (a variable read elsewhere escapes the README's list, the start-up validation and the tests' overrides).
    files: ['**/*.ts'],
    ignores: [
      '**/*-config.ts',
      'libs/ledger/src/config/**',
      'libs/operations/src/access/access-settings.ts',
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      'test/**',
      '**/testing/**',
      'bench/**',
      'scripts/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Read environment variables in a config module (loadLedgerConfig, loadAuditConfig, …) and pass the value in.',
        },
      ],
    },
  },
  {
    // Tests read JSON bodies loosely and load modules lazily (to set the environment first); production code may not.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
