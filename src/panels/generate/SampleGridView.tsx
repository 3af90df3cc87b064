/** The live sample grid: the generator's output for fixed noise (one row per class for conditional models). */
import { useEffect, useRef } from 'react';
import { classDisplayName } from '../../lib/format';
import { useFrame } from './frames';

export function SampleGridView() {
  const frame = useFrame();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !frame) return;
    canvas.width = frame.bitmap.width;
    canvas.height = frame.bitmap.height;
    canvas.getContext('2d')!.drawImage(frame.bitmap, 0, 0);
  }, [frame]);
  const scale = frame ? Math.max(1, Math.min(4, Math.floor(360 / frame.bitmap.width))) : 1;
  return (
    <figure className="sample-grid">
      <div className="sample-grid-body">
        {frame?.rowLabels && (
          <ol className="sample-grid-rows" style={{ height: frame.bitmap.height * scale }}>
            {frame.rowLabels.map((l) => (
              <li key={l} title={l}>{classDisplayName(l)}</li>
            ))}
          </ol>
        )}
        <canvas
          ref={ref}
          data-testid="train-samples"
          data-step={frame?.step ?? ''}
          role="img"
          aria-label={frame ? `Samples from fixed noise at step ${frame.step}` : 'No samples yet'}
          style={frame ? { width: frame.bitmap.width * scale, height: frame.bitmap.height * scale } : { width: 240, height: 240 }}
        />
      </div>
      <figcaption className="muted">{frame ? `Fixed noise, step ${frame.step.toLocaleString('en-US')}` : 'Samples appear here once training starts.'}</figcaption>
    </figure>
  );
}
