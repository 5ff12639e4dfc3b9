import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/** @type {import('eslint').Linter.Config[]} */
const config = [
  {
    ignores: ['.next/**', '.next-*/**', 'src/generated/**', '.data/**', 'node_modules/**', 'next-env.d.ts', 'tmp/**', 'test-results/**', 'coverage/**'],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Fonts must come from npm packages or the system: next/font/google downloads at build time.
      'no-restricted-imports': ['error', { paths: [{ name: 'next/font/google', message: 'Offline builds: use next/font/local or @fontsource/*.' }] }],
    },
  },
  {
    files: ['scripts/**', 'tests/**', 'bench/**', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
];

export default config;
