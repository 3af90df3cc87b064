/** Kernels the project registers with tfjs backends so that training is possible and fast. */
export {
  registerCpuTrainingKernels,
  registerTrainingGradients,
  registerWasmTrainingKernels,
  restoreOriginalKernels,
  type WasmTrainingKernelOptions,
} from './registerWasmTrainingKernels';
