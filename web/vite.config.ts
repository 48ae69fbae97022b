import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The marketer workspace. Built into web/dist, served by `aether serve` at `/`; during development
 * `npm run dev:web` proxies /api to a running `aether serve` (AETHER_API, default localhost:8080).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One chunk per heavy dependency, so the report shows what each one weighs.
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'charts';
          if (id.includes('node_modules/react')) return 'react';
          return undefined;
        },
      },
    },
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': process.env.AETHER_API ?? 'http://localhost:8080' },
  },
});
