/**
 * Build-time expansion of the two placeholders our WebAssembly text uses (gemm.wat), so one
 * source gives the four binaries an engine may need:
 *  - `(f32x4.madd a b c)` → relaxed SIMD's fused `f32x4.relaxed_madd`, or `f32x4.mul` + `f32x4.add`
 *    where the engine lacks relaxed SIMD (Node 20 without a flag, older browsers);
 *  - `MEMORY` → the imported memory's limits: `1` for tfjs's own growable heap, `1 65536 shared`
 *    for its threaded build, whose heap is a shared memory of at most 4 GiB.
 * Used by the Vite plugin (vite.config.ts) and the unit tests.
 */
export interface WatVariant {
  relaxed: boolean;
  shared: boolean;
}

const MADD = '(f32x4.madd';

/** The end (exclusive) of the parenthesised expression starting at `start`. */
function endOfExpression(text: string, start: number): number {
  if (text[start] !== '(') throw new Error(`f32x4.madd: expected "(" at offset ${start}, found "${text.slice(start, start + 20)}"`);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('f32x4.madd: unbalanced parentheses');
}

function expandMadd(text: string, relaxed: boolean): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(MADD, from); at >= 0; at = text.indexOf(MADD, from)) {
    out += text.slice(from, at);
    const args: string[] = [];
    let i = at + MADD.length;
    for (let k = 0; k < 3; k++) {
      while (/\s/.test(text[i])) i++;
      const end = endOfExpression(text, i);
      args.push(expandMadd(text.slice(i, end), relaxed));
      i = end;
    }
    while (/\s/.test(text[i])) i++;
    if (text[i] !== ')') throw new Error(`f32x4.madd takes three operands (at offset ${at})`);
    const [a, b, c] = args;
    out += relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;
    from = i + 1;
  }
  return out + text.slice(from);
}

export function expandWat(text: string, variant: WatVariant): string {
  return expandMadd(text, variant.relaxed).replace(/\(memory MEMORY\)/g, variant.shared ? '(memory 1 65536 shared)' : '(memory 1)');
}

/** The variant a module id's query asks for: `gemm.wat?relaxed&shared`. */
export function watVariantOf(query: string): WatVariant {
  const params = new URLSearchParams(query);
  return { relaxed: params.has('relaxed'), shared: params.has('shared') };
}
