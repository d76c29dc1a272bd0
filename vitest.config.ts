import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites share SQLite files under test-output/ and one PostgreSQL server; a couple of forks is what 2 cores give.
    pool: 'forks',
    maxWorkers: 2,
  },
});
