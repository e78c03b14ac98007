import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PDF builds and poppler calls are slow-ish; the suite runs files in parallel.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
