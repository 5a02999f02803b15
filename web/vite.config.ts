/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.mjs';

// The gateway is the browser's one origin: in development Vite proxies the API and the websocket to it,
// so cookies (SameSite=Strict, Path /api/users/auth) behave as they do in production.
const GATEWAY = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: GATEWAY, changeOrigin: false },
      '/ws': { target: GATEWAY, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: GATEWAY },
      '/ws': { target: GATEWAY, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    environmentOptions: { jsdom: { url: 'http://localhost:5173/' } },
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Only the theme is read as text (its contrast test); other CSS is skipped in tests.
    css: { include: [/theme\.css/] },
    restoreMocks: true,
    unstubGlobals: true,
  },
});
