import { defineConfig } from 'vite';

// The console is served by Sesame at /admin/ under its strict CSP: no inline script, no eval.
export default defineConfig({
  base: '/admin/',
  build: {
    outDir: '../dist/admin',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
