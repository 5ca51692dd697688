/**
 * The node tests' budget per test (see jest.config.js). Set here because jest 29 ignores `testTimeout`
 * inside a project's config (jestjs/jest#9759); a file's own jest.setTimeout still wins, as it runs later.
 */
jest.setTimeout(30_000)
