import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one React app served by the engine (`baton serve`) and loaded by Electron.
// `npm run dev:renderer` proxies the API to a running engine: BATON_ENGINE_URL=http://127.0.0.1:<port>,
// then open http://localhost:5173/?token=<token>. The engine answers only its own Host and Origin,
// so the proxy presents both as the engine's.
const engineUrl = process.env.BATON_ENGINE_URL;

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
    proxy: engineUrl
      ? {
          '/api': {
            target: engineUrl,
            ws: true,
            changeOrigin: true,
            configure: (proxy) => {
              const origin = new URL(engineUrl).origin;
              proxy.on('proxyReq', (req) => req.setHeader('origin', origin));
              proxy.on('proxyReqWs', (req) => req.setHeader('origin', origin));
            },
          },
        }
      : undefined,
  },
});
