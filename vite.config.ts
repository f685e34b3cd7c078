import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one React app served by the engine (`baton serve`) and loaded by Electron.
// `npm run dev:renderer` proxies the API to a running engine: BATON_ENGINE_URL=http://127.0.0.1:<port>.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1_500,
  },
  server: {
    proxy: process.env.BATON_ENGINE_URL
      ? { '/api': { target: process.env.BATON_ENGINE_URL, ws: true, changeOrigin: false } }
      : undefined,
  },
});
