import { defineConfig } from 'vitest/config';

// Templates are imported as text, as esbuild's text loader does for dist/.
const mustacheAsText = {
  name: 'templates-as-text',
  transform(code: string, id: string) {
    return id.endsWith('.mustache') || id.endsWith('.js.txt') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
  },
};

export default defineConfig({
  plugins: [mustacheAsText],
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
