/**
 * Test projects, chosen by file name:
 *   *.test.ts        node: domain rules, cloud functions through the emulator, the emulator itself
 *   *.test.tsx       jsdom: React components and pages on Taro's H5 components (React Testing Library)
 *   *.weapp.test.ts  jsdom: the compiled mini-program in dist/weapp under miniprogram-simulate
 *   *.e2e.test.ts    node: headless Chromium against the H5 build and a live emulator
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' } }]
const roots = ['<rootDir>/test', '<rootDir>/emulator/test']
// In the repository the emulator package resolves to its TypeScript source (no build needed); outside, to its dist/.
const common = {
  roots,
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '^@nuanxin/cloudbase-emulator$': '<rootDir>/emulator/src/index.ts' },
  modulePathIgnorePatterns: ['<rootDir>/emulator/dist/'],
}

// Node tests talk to a real emulator over HTTP and forked function processes. On a shared machine beside
// other work, jest's 5 s default fails them for waiting on a CPU, not for being wrong; a budget is not a
// wait (a passing test takes as long as it takes), so theirs is 30 s (test/setup/node-budget.js) unless a
// file sets its own.

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testEnvironment: 'node', setupFilesAfterEnv: ['<rootDir>/test/setup/node-budget.js'], testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.weapp\\.test\\.ts$', '\\.e2e\\.test\\.ts$'] },
    {
      ...common,
      displayName: 'components',
      testEnvironment: 'jsdom',
      testMatch: ['**/*.test.tsx'],
      setupFiles: ['<rootDir>/test/setup/taro-globals.js'],
      transformIgnorePatterns: ['<rootDir>/node_modules/(?!(@tarojs|@stencil|tslib|swiper|ssr-window|dom7)/)'],
      moduleNameMapper: { ...common.moduleNameMapper, '^@tarojs/components$': '<rootDir>/node_modules/@tarojs/components/lib/react', '^@tarojs/taro$': '<rootDir>/test/setup/taro-shim.ts', '\\.(css|scss)$': '<rootDir>/test/setup/style-stub.js' },
    },
    { ...common, displayName: 'weapp', testEnvironment: 'jsdom', testMatch: ['**/*.weapp.test.ts'] },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['**/*.e2e.test.ts'] },
  ],
}
