// Lint is where the layer rules of DESIGN.md are enforced: the engine and shared/ run under plain
// Node (and shared/ also in the browser), so neither may reach for Electron or for the UI layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectron = {
  name: 'electron',
  message: 'The engine and shared/ run under plain Node: only electron/main.ts, preload and app/ may import electron.',
};

const rendererTests = ['renderer/**/*.test.{ts,tsx}', 'renderer/**/*.test-util.{ts,tsx}'];

/** A later block's no-restricted-imports replaces an earlier one's, so each renderer block gets the whole list. */
function rendererImports({ tests, feature }) {
  const patterns = [{ group: ['**/electron/**'], message: 'The renderer talks to the engine only through the API client; it never imports engine or Electron code.' }];
  if (!tests) patterns.push({ group: ['**/*.test-util.js'], message: 'Test helpers (*.test-util) are for tests only.' });
  if (feature) patterns.push({ group: ['**/app/**', '**/app'], message: 'Features never import the app shell (renderer/app): it imports them. Shared pieces belong in lib/ or stores/.' });
  return ['error', { paths: [noElectron], patterns }];
}

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
      // DESIGN.md: a file does one thing; split past 400 lines, along a real seam.
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    // Dependencies point one way (DESIGN.md), and a cycle is an arrow that runs back up. Sources
    // import each other as `./x.js` for NodeNext; the resolver maps that to the `.ts(x)` file.
    files: ['electron/**/*.{ts,cts}', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.cts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.cts'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.cts', '.js', '.json', '.node'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.cjs': ['.cts', '.cjs'] } }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Type-aware checks where a missed case or an unhandled rejection is a real bug: the engine,
    // the Electron shell and the shared contract.
    files: ['electron/**/*.{ts,cts}', 'shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
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
    // Inside the engine, lib/ is the bottom layer and terminals/ sits just above it: what they
    // need from anywhere else arrives injected. Types may be named (a store row the ledger keeps).
    files: ['electron/engine/lib/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['../*', '!../lib', '../../*', '!../../../shared'], allowTypeImports: true, message: 'electron/engine/lib/ imports nothing from the rest of the engine (types excepted): pass it in.' }],
      }],
    },
  },
  {
    // The same rule one folder down (lib/git/): `../` is lib/ itself there, `../../` the engine.
    files: ['electron/engine/lib/*/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['../../*', '../../../*', '!../../../../shared'], allowTypeImports: true, message: 'electron/engine/lib/ imports nothing from the rest of the engine (types excepted): pass it in.' }],
      }],
    },
  },
  {
    files: ['electron/engine/terminals/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['../*', '!../lib', '../../*', '!../../../shared'], allowTypeImports: true, message: 'electron/engine/terminals/ uses only lib/ and shared/: agents, shells and checks build on it, not the other way round.' }],
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
  // The renderer's own rules, in one place: hooks used as React requires, files split before they
  // grow past DESIGN.md's 400 lines, and imports that only point down (app shell → features → stores
  // and lib → shared); test helpers (*.test-util) stay out of the product.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'max-lines': ['error', { max: 400 }],
      'no-restricted-imports': rendererImports({ tests: false, feature: false }),
    },
  },
  { files: ['renderer/features/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': rendererImports({ tests: false, feature: true }) } },
  { files: rendererTests, rules: { 'no-restricted-imports': rendererImports({ tests: true, feature: false }) } },
  { files: rendererTests.map((glob) => glob.replace('renderer/**', 'renderer/features/**')), rules: { 'no-restricted-imports': rendererImports({ tests: true, feature: true }) } },
  {
    files: ['test/fixtures/**/*.mjs', 'bin/**/*.js', 'resources/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
