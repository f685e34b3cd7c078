// Lint is where the layer rules of DESIGN.md are enforced: the engine and shared/ run under plain
// Node (and shared/ also in the browser), so neither may reach for Electron or for the UI layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  message: 'The engine and shared/ run under plain Node: only electron/main.ts, preload and app/ may import electron.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Everything under electron/ except main, preload and app/ is engine-side code.
    files: ['electron/**/*.{ts,cts}'],
    ignores: ['electron/main.ts', 'electron/main.test.ts', 'electron/preload.cts', 'electron/preload.test.ts', 'electron/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/demo/**/*.ts', 'electron/cli.ts', 'electron/cli-args.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['**/app/**', '**/app', '../main', '../preload', '**/electron/main*', '**/electron/preload*'], message: 'The engine never imports Electron main, preload or app/.' },
          { group: ['**/renderer/**'], message: 'The engine never imports the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['**/electron/**', '**/renderer/**', '**/test/**'], message: 'shared/ imports nothing of ours outside shared/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [{ group: ['**/electron/**'], message: 'The renderer talks to the engine only through the API client; it never imports engine or Electron code.' }],
      }],
    },
  },
  {
    files: ['test/fixtures/**/*.mjs', 'bin/**/*.js', 'resources/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
