import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The BFF the dev server proxies to (npm run dev starts it on this port).
const bffTarget = process.env.NS_DEV_BFF_URL ?? 'http://127.0.0.1:8081';

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: bffTarget, ws: true, changeOrigin: false },
      '/healthz': bffTarget,
      '/readyz': bffTarget,
      '/metrics': bffTarget,
    },
  },
});
