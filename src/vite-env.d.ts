/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/react" />

declare const __APP_VERSION__: string;

/** WebAssembly text, assembled at build time (vite.config.ts): the module's bytes. */
declare module '*.wat' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wat?plain' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wat?relaxed' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wat?plain&shared' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wat?relaxed&shared' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
declare module '*.wat?shared' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
