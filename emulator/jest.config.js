/**
 * The emulator's own tests, runnable on their own (`npm test` in emulator/); the repository's root jest
 * config runs the same folder too.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' } }]

module.exports = {
  displayName: 'emulator',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
}
