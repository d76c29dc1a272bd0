// The web UI's own toolchain: `npm run build:web` writes web/dist, which the API serves at `/`.
// `npm run dev:web` serves web/ with hot reload and forwards /api to a running `litopys serve` (LITOPYS_API).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre-gl alone is ~1 MB minified; one chunk is what an offline map wants, so no size warning for it.
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': process.env.LITOPYS_API ?? 'http://127.0.0.1:8080' },
  },
});
