import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const FONT_RULE = { name: 'next/font/google', message: 'Offline builds: use next/font/local or @fontsource/*.' };

/**
 * A client component ('use client') runs in the browser: it may not import server-only modules
 * (the database, the services, request headers), nor the dictionaries (the browser gets its one
 * language from the root layout). Type-only imports are fine.
 */
const layers = {
  rules: {
    'no-server-in-client': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        let client = false;
        return {
          Program(node) {
            client = node.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client');
          },
          ImportDeclaration(node) {
            if (!client || node.importKind === 'type') return;
            const from = String(node.source.value);
            if (/^@\/(server|db|config)(\/|$)|^next\/headers$|^@\/i18n\/server$|^@\/generated\/prisma\/client$|^@\/i18n\/(dictionaries|en|zh)$/.test(from)) {
              context.report({ node, message: `A client component cannot import the server-only module ${from}.` });
            }
          },
        };
      },
    },
  },
};

/** The layers (ENGINEERING.md): domain/ is pure; server/ and db/ never import app/ or ui/. */
const DOMAIN_IMPORTS = {
  paths: [FONT_RULE],
  patterns: [
    {
      group: ['@/server/**', '@/db/**', '@/app/**', '@/ui/**', '@/i18n/**', '@/schemas/**', '@/config/**', '@/generated/prisma/client', '@/generated/prisma/models/**', 'next', 'next/**', 'react', 'react-dom', '@prisma/**', 'pg', 'zod', '**/server/**', '**/db/**', '**/app/**', '**/ui/**'],
      message: 'domain/ holds pure rules: it imports no other layer (only domain/, decimal.js and the generated enums).',
    },
  ],
};
const SERVER_IMPORTS = {
  paths: [FONT_RULE],
  patterns: [{ group: ['@/app/**', '@/ui/**', '**/app/**', '**/ui/**'], message: 'server/ and db/ never import app/ or ui/.' }],
};

/**
 * Four eyes (src/domain/registry/fourEyes.ts): routes and screens submit these actions for approval
 * (src/server/registry/approvals.ts); only an approval carries them out.
 */
const APP_IMPORTS = {
  paths: [
    FONT_RULE,
    { name: '@/server/registry/movements', importNames: ['freeze', 'pledge', 'unfreeze', 'releasePledge', 'issue', 'distributeToProvince'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
    { name: '@/server/registry/accounts', importNames: ['changeAccountStatus'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
    { name: '@/server/registry/reversals', importNames: ['reverseEntry'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
    { name: '@/server/compliance/policy', importNames: ['updatePolicy', 'setCycle'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
    { name: '@/server/compliance/allocationPolicy', importNames: ['setAllocationPlan', 'distributePlan', 'saveIndustryRule'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
    { name: '@/server/auction/auctions', importNames: ['closeAuction'], message: 'Four eyes: submit with submitForApproval (src/server/registry/approvals.ts).' },
  ],
};

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
      'no-restricted-imports': ['error', { paths: [FONT_RULE] }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { layers },
    rules: {
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'layers/no-server-in-client': 'error',
    },
  },
  { files: ['src/domain/**'], rules: { 'no-restricted-imports': ['error', DOMAIN_IMPORTS] } },
  { files: ['src/server/**', 'src/db/**'], rules: { 'no-restricted-imports': ['error', SERVER_IMPORTS] } },
  { files: ['src/app/**'], rules: { 'no-restricted-imports': ['error', APP_IMPORTS] } },
  {
    files: ['scripts/**', 'tests/**', 'bench/**', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
];

export default config;
