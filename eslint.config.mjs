import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import duban from './tools/lint-rules/index.mjs';

/**
 * Boundaries are enforced, not hoped for: a service may use only the shared libs, never another service;
 * `libs/contracts` stays plain TypeScript + zod (no Nest, no TypeORM, no broker client), so the web app
 * can import it too.
 */
const scopes = ['gateway', 'projects', 'funding', 'evaluation', 'notifications', 'e2e', 'web'];

function boundaries({ testCode }) {
  const harness = testCode ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:contracts', ...harness],
        bannedExternalImports: ['@nestjs/*', 'typeorm', 'nats', 'bullmq', 'ioredis', 'pg', 'nestjs-pino', 'fastify'],
      },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...harness] },
      // The harness stands below the platform so that the platform's own tests can use it.
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...harness] },
      // The browser app knows the services only through the HTTP contract and the contracts' labels and rules.
      { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts'] },
      // End-to-end tests see the system only from outside: over HTTP and the broker.
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
      ...scopes.map((scope) => ({
        sourceTag: `scope:${scope}`,
        onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
      })),
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '.nx'] },
  {
    files: ['**/src/**/*.ts', '**/src/**/*.tsx', '**/src/**/*.js', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: false })] },
  },
  {
    // Tests (and their fixtures) may use the test harness; production code may not.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/*-e2e/src/**/*.ts',
      '**/__fixtures__/**/*.ts',
      '**/test/**/*.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: true })] },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The service template (STYLE.md): one way to the database, one clock, handlers where a reader looks
    // for them, every feature file named by its role. Tests, fixtures and benchmarks are free.
    // Patterns stay relative (each project lints with its own config, which extends this one); the rules
    // themselves pick the back-end apps' sources by path.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/__fixtures__/**', '**/bench/**'],
    plugins: { duban },
    rules: {
      'duban/database-in-repositories': 'error',
      'duban/one-clock': 'error',
      'duban/handler-roles': 'error',
      'duban/file-roles': 'error',
    },
  },
  {
    // A gateway route is one @RpcRoute decorator over a method that only names it: the decorator supplies its body.
    files: ['**/*.controller.ts'],
    rules: { '@typescript-eslint/no-empty-function': ['error', { allow: ['decoratedFunctions'] }] },
  },
];
