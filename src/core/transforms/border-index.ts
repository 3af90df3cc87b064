/**
 * Border modes as small integers, and where an integer pixel index outside the image reads under
 * each: the warp kernels (float and 8-bit) share these.
 */
import type { BorderMode } from './types';

export const BORDER_CODE: Record<BorderMode, number> = { constant: 0, edge: 1, reflect: 2, reflect101: 3, wrap: 4 };

/** Maps integer index i into [0, len) for a border mode (code); -1 means "outside: use the fill". */
export function mapIndex(i: number, len: number, border: number): number {
  if (i >= 0 && i < len) return i;
  if (border === 0) return -1;
  if (len === 1) return 0;
  switch (border) {
    case 1:
      return i < 0 ? 0 : len - 1;
    case 2: {
      const m = ((i % (2 * len)) + 2 * len) % (2 * len);
      return m < len ? m : 2 * len - 1 - m;
    }
    case 3: {
      const p = 2 * len - 2;
      const m = ((i % p) + p) % p;
      return m < len ? m : p - m;
    }
    default:
      return ((i % len) + len) % len;
  }
}
