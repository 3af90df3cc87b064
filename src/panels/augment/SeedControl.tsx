/** The seed every image's random draws are keyed by: visible, editable, and rerolled with one click. */
import { useEffect, useState } from 'react';
import { usePipeline } from '../../store/pipeline';

export function SeedControl() {
  const seed = usePipeline((s) => s.seed);
  const setSeed = usePipeline((s) => s.setSeed);
  const reroll = usePipeline((s) => s.reroll);
  const [draft, setDraft] = useState(String(seed));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(String(seed)), [seed]);
  return (
    <span className="seed-control">
      <label>
        <span className="muted">Seed</span>{' '}
        <input
          type="number"
          min={0}
          max={4294967295}
          value={draft}
          data-testid="seed-input"
          onChange={(e) => {
            setDraft(e.target.value);
            const v = Number(e.target.value);
            if (!Number.isInteger(v) || v < 0 || v > 4294967295) setError('The seed is a whole number from 0 to 4294967295.');
            else {
              setError(null);
              setSeed(v);
            }
          }}
          onBlur={() => {
            setDraft(String(usePipeline.getState().seed));
            setError(null);
          }}
        />
      </label>
      <button onClick={reroll} data-testid="reroll" title="A new seed: new random draws for every image">
        ⟳ Reroll
      </button>
      {error && (
        <span className="error" role="alert" data-testid="seed-error">
          {error}
        </span>
      )}
    </span>
  );
}

