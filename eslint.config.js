// Folder boundaries (STYLE.md lesson 12): protocol/ imports nothing of ours; web/ and bff/ never
// import each other; e2e/ talks to the product only through protocol/ and the browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const boundary = (folders, message) => ({
  'no-restricted-imports': [
    'error',
    { patterns: folders.map((folder) => ({ group: [`**/${folder}/*`, `**/${folder}`], message })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['web/**'], languageOptions: { globals: { ...globals.browser } } },
  // Tests read arbitrary JSON bodies; typing every one would add noise, not safety.
  { files: ['**/*.test.ts', 'bff/testing/**', 'e2e/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['protocol/**'], rules: boundary(['bff', 'web', 'e2e', 'bench'], 'protocol/ is the wire contract: it imports only zod.') },
  { files: ['bff/**'], rules: boundary(['web', 'e2e', 'bench'], 'bff/ must not import web/, e2e/ or bench/: share types through protocol/.') },
  { files: ['web/**'], rules: boundary(['bff', 'e2e', 'bench'], 'web/ must not import bff/: share types through protocol/.') },
  { files: ['e2e/**'], rules: boundary(['web'], 'e2e/ drives the browser; import wire types from protocol/, never web/.') },
  // Functions stay near 40 lines and never pass 60 (STYLE.md lesson 11; issue 10). Migrations are
  // a list of steps and tests a list of expectations: neither gets clearer when split.
  {
    files: ['bff/**/*.ts', 'web/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'bff/testing/**', 'bff/store/migrations.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
);
