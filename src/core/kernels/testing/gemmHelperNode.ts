/**
 * GEMM helper threads in Node (tests only): worker_threads running the real serveGemmJobs
 * (gemmThreads.ts, transpiled from its source: the test runner does not transform a worker's
 * code) on a shared heap, as gemm-helper.worker.ts does in the browser.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import type { SpawnGemmHelper } from '../gemm/startGemmEngine';

const threadsSource = new URL('../gemm/gemmThreads.ts', import.meta.url);

function helperCode(): string {
  const { outputText } = ts.transpileModule(readFileSync(threadsSource, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return `
    const { parentPort, workerData } = require('node:worker_threads');
    const module = { exports: {} };
    (function (exports, module) { ${outputText} })(module.exports, module);
    const { module: wasm, memory, control, index } = workerData;
    const gemm = new WebAssembly.Instance(wasm, { env: { memory } }).exports;
    parentPort.postMessage('ready');
    module.exports.serveGemmJobs(control, index, gemm);`;
}

export const spawnNodeGemmHelper: SpawnGemmHelper = (init) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(helperCode(), { eval: true, workerData: init });
    worker.once('message', () => resolve({ terminate: () => void worker.terminate() }));
    worker.once('error', reject);
  });
