import { defineConfig } from 'vite';

export default defineConfig({
  // start() awaits the engine at the top level of main.js.
  build: { target: 'es2022' },
});
