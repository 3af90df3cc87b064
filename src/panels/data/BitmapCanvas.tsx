/** Draws an ImageBitmap into a canvas at its own resolution; CSS scales it (pixelated when enlarged). */
import { useEffect, useRef } from 'react';

export function BitmapCanvas({ bitmap, size, className, testId, label }: { bitmap: ImageBitmap | undefined; size: number; className?: string; testId?: string; label?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !bitmap) return;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  return <canvas ref={ref} className={className} style={{ width: size, height: size }} data-testid={testId} aria-label={label} role="img" />;
}
