/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { expandWat, watVariantOf } from './src/core/kernels/gemm/watVariants.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
/** The version shown in the app; APP_VERSION lets a build carry its own (the update test uses it). */
const appVersion = process.env.APP_VERSION ?? pkg.version;

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Only this origin, ever: scripts, workers, fetches and images. 'wasm-unsafe-eval' compiles the
 * WASM backend; blob: covers the WASM thread workers and image previews. No eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' blob: 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** Puts the policy in the built page (the dev server's hot reload needs inline scripts, so not there). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'augment-studio-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * `import bytes from './x.wat'`: the WebAssembly text is assembled at build time (wabt, SIMD on)
 * and the module's bytes are inlined, so a kernel loads synchronously in any worker or test.
 */
/** WebAssembly text → bytes, with the variant the import's query asks for (watVariants.ts). */
function webAssemblyText(): Plugin {
  const features = { simd: true, relaxed_simd: true, threads: true, bulk_memory: true };
  return {
    name: 'augment-studio-wat',
    async transform(code, id) {
      const [file, query = ''] = id.split('?');
      if (!file.endsWith('.wat')) return null;
      const wabt = await (await import('wabt')).default();
      const parsed = wabt.parseWat(file, expandWat(code, watVariantOf(query)), features);
      try {
        // The typings omit validate's features argument; without it shared memories are refused.
        (parsed as unknown as { validate(f: typeof features): void }).validate(features);
        const { buffer } = parsed.toBinary({});
        return { code: `export default Uint8Array.from(atob(${JSON.stringify(Buffer.from(buffer).toString('base64'))}), (c) => c.charCodeAt(0));`, map: null };
      } finally {
        parsed.destroy();
      }
    },
  };
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    react(),
    contentSecurityPolicy(),
    webAssemblyText(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg', 'icons/*.png', 'samples/*'],
      manifest: {
        name: 'Augment Studio',
        short_name: 'Augment Studio',
        description: 'Augment, generate and evaluate image datasets in your browser, on your own GPU. Nothing is uploaded.',
        theme_color: '#1f6feb',
        background_color: '#0f1419',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the studio needs offline: the shell, every JS chunk and worker, the WASM
        // binaries and the sample dataset. The tfjs worker chunks exceed Workbox's 2 MiB default.
        globPatterns: ['**/*.{js,css,html,wasm,svg,png,zip,json,md,txt,webmanifest}'],
        maximumFileSizeToCacheInBytes: 32 * 2 ** 20,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [webAssemblyText()], rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CONTENT_SECURITY_POLICY }, port: 4173, strictPort: false },
  test: {
    include: ['src/core/**/*.test.ts'],
    environment: 'node',
    // Relaxed SIMD (the GEMM engine's fused multiply-add) is on in browsers, behind a flag in Node 20.
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
  },
});
