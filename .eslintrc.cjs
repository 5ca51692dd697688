/* Lint rules for all TypeScript in the repo: typescript-eslint's recommended set plus React hooks rules. */
module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module', ecmaFeatures: { jsx: true } },
  plugins: ['@typescript-eslint', 'react-hooks'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended', 'plugin:react-hooks/recommended'],
  env: { node: true, es2022: true, browser: true, jest: true },
  ignorePatterns: ['dist/', 'node_modules/', '.data/', '/coverage/', '**/fixtures/**/*.js'],
  rules: {
    // Contracts and wire-protocol code handle genuinely untyped JSON; `any` is allowed where a comment says why.
    '@typescript-eslint/no-explicit-any': 'off',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/no-require-imports': 'off',
    '@typescript-eslint/no-var-requires': 'off',
    'no-constant-condition': ['error', { checkLoops: false }],
  },
  overrides: [
    {
      // The emulator is its own package: the project reaches it only through its public entry, by name.
      files: ['src/**', 'cloudfunctions/**', 'scripts/**', 'test/**', 'config/**'],
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/emulator/*', '**/emulator'], message: "import '@nuanxin/cloudbase-emulator' (the package's public entry) instead" }] }],
      },
    },
    {
      // Production functions carry no dev-tool code: only the emulator's types (erased at build) may be imported.
      files: ['cloudfunctions/**'],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths: [{ name: '@nuanxin/cloudbase-emulator', message: 'cloud functions may import only types from the emulator (import type)', allowTypeImports: true }],
            patterns: [{ group: ['**/emulator/*', '**/emulator'], message: "import type from '@nuanxin/cloudbase-emulator' instead" }],
          },
        ],
        // One retry policy: transactions go through _runtime/transactions.ts (runInTransaction).
        'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='runTransaction']", message: 'use runInTransaction from _runtime/transactions.ts (jittered back-off on conflicts)' }],
      },
    },
    {
      files: ['cloudfunctions/_runtime/transactions.ts'],
      rules: { 'no-restricted-syntax': 'off' },
    },
  ],
}
