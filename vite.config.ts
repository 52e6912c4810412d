import { defineConfig } from 'vite';

// The client is a Vite app rooted in client/; `draftroom serve` serves its build from dist/client.
export default defineConfig({
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:4400',
      '/collab': { target: 'ws://localhost:4400', ws: true },
    },
  },
});
