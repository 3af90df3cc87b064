// Builds the carry folder .gpu/ for a GPU machine that has no Node and no network:
//   .gpu/bench.mjs     bench/webgpu-node/main.ts with every dependency inlined (one ESM file, Node 20)
//   .gpu/node.xz       this machine's node binary (a static official build), xz -9
//   .gpu/dawn.node.xz  dawn.node from the `webgpu` npm package (Chromium's WebGPU), xz -9
//   .gpu/run.sh        unpacks, installs the Vulkan loader, runs bench.mjs and torch_reference.py
//   .gpu/debs/         Vulkan loader .debs (fetched with apt-get download; see run.sh)
//
//   node bench/webgpu-node/build.js            (WEBGPU_PACKAGE=dir: the unpacked webgpu package, default /tmp/wgpu/package)
//
// The .wat plugin is taken from vite.config.ts (the augment engine's SIMD warp imports a .wat file).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, loadConfigFromFile } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, '.gpu');
const webgpuPackage = process.env.WEBGPU_PACKAGE ?? '/tmp/wgpu/package';
const dawnNode = join(webgpuPackage, 'dist', 'linux-x64', 'dawn.node');
const dawnVersion = JSON.parse(readFileSync(join(webgpuPackage, 'package.json'), 'utf8')).version;
const webgpuBackendVersion = JSON.parse(readFileSync(join(root, 'node_modules/@tensorflow/tfjs-backend-webgpu/package.json'), 'utf8')).version;

mkdirSync(join(out, 'debs'), { recursive: true });

const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, 'vite.config.ts'), root, 'warn');
const wat = loaded?.config.plugins?.flat(Infinity).find((p) => p && p.name === 'augment-studio-wat');
if (!wat) throw new Error('vite.config.ts has no augment-studio-wat plugin any more');

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  mode: 'production',
  plugins: [wat],
  define: {
    __DAWN_PACKAGE__: JSON.stringify(`webgpu@${dawnVersion}`),
    __WEBGPU_BACKEND_VERSION__: JSON.stringify(webgpuBackendVersion),
  },
  // Everything inlined: the GPU machine has no node_modules.
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'bench/webgpu-node/main.ts',
    outDir: out,
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      output: {
        format: 'es',
        entryFileNames: 'bench.mjs',
        codeSplitting: false,
      },
    },
  },
});

/** xz -9 of a file, redone only when the source is newer. */
function xz(source, target) {
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return;
  execFileSync('sh', ['-c', `xz -9 -c "$0" > "$1.part" && mv "$1.part" "$1"`, source, target], { stdio: 'inherit' });
}
xz(process.execPath, join(out, 'node.xz'));
xz(dawnNode, join(out, 'dawn.node.xz'));
copyFileSync(join(root, 'bench/webgpu-node/run.sh'), join(out, 'run.sh'));

// The Vulkan loader and glvnd (NVIDIA's Vulkan driver needs libGLdispatch) for a GPU image that
// lacks them (run.sh unpacks them only then): Debian's amd64 packages, downloaded (not installed)
// with a private package list. Needs root and apt.
const VULKAN_DEBS = ['libvulkan1', 'libglvnd0', 'libglx0', 'libgl1', 'libegl1', 'libgles2', 'libopengl0'];
if (!readdirSync(join(out, 'debs')).some((f) => f.endsWith('.deb'))) {
  const o = "-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64";
  try {
    execFileSync('sh', ['-c', `mkdir -p /tmp/amd64/partial && apt-get ${o} update >/dev/null && cd "$0" && apt-get ${o} download ${VULKAN_DEBS.join(' ')}`, join(out, 'debs')], { stdio: 'inherit' });
  } catch (e) {
    console.warn(`Could not fetch the Vulkan loader and glvnd into .gpu/debs (${e.message}); a GPU image without a Vulkan loader will then fail.`);
  }
}
for (const f of readdirSync(out)) console.log(`${f}\t${statSync(join(out, f)).size}`);
