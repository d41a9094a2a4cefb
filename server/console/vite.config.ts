/**
 * The operator console build: served by the Koa server at /console/ (history
 * routing, index.html fallback). @homeclub/shared is TypeScript source reached
 * through the workspace link; Vite compiles it like the app's own files.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // No inline module-preload polyfill: the server's CSP allows no inline scripts.
    modulePreload: { polyfill: false },
  },
});
