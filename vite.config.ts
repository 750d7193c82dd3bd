// The management page (web/) is built by Vite into dist/web, which the server serves at /
// (src/routes/web.ts). `npm run dev:web` serves it with hot reload, the API proxied to :8080.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const proxied = { target: 'http://127.0.0.1:8080' };

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'web'),
  plugins: [react()],
  build: { outDir: path.resolve(import.meta.dirname, 'dist', 'web'), emptyOutDir: true },
  server: { proxy: { '/api': proxied, '/api2': proxied } },
});
