/**
 * Vite for the web app. In development the API is proxied to a server on
 * :8080 (`pnpm --filter @vmmi/server dev`), so the app always talks to its
 * own origin, as it does when the server serves the build from web/dist.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { preloadPageChunks } from './vite-preload-page.ts';

const api = 'http://127.0.0.1:8080';

export default defineConfig({
  // The planner's page chunk (main.tsx imports it dynamically) downloads with the first ones.
  plugins: [react(), preloadPageChunks(['src/auth/AuthRoot.tsx'])],
  server: {
    host: '127.0.0.1',
    proxy: { '/trpc': api, '/api': api },
  },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'cytoscape', test: /node_modules[\\/]cytoscape/, priority: 20 },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 15,
            },
            { name: 'vendor', test: /node_modules/, priority: 10 },
          ],
        },
      },
    },
  },
});
