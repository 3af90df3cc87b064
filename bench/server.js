// Serves the production build with `vite preview` for the benchmark; resolves once it answers.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startPreview(port) {
  // Vite's own script, not `npx vite`: killing npx left the server running and the benchmark waiting on it.
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://localhost:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => child.kill() };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('vite preview did not start');
}
