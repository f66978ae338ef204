import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources directly; CLI tests spawn the compiled `dist/cli/main.js`
// (built by `npm test` before vitest starts). Forked workers keep native addons (better-sqlite3)
// and worker_threads pools isolated per test file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/plugins.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
