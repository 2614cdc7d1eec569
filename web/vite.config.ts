import { defineConfig } from 'vite';

// The C++ server serves dist/ at the site root and answers /api/v1 itself. During
// `npm run dev`, /api is proxied to a server given by SALESDESK_API (default :8080).
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: process.env.SALESDESK_API ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
