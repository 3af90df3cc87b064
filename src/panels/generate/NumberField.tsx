/** A number input that keeps what is typed and commits only valid values (so "0." can be typed on the way to "0.5"). */
import { useEffect, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number | 'auto';
  onChange(v: number | 'auto'): void;
  testId?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
  /** Allows an empty field, meaning 'auto' (shown as the placeholder). */
  autoPlaceholder?: string;
  disabled?: boolean;
  title?: string;
}

export function NumberField({ label, value, onChange, testId, min, max, step = 'any', integer, autoPlaceholder, disabled, title }: NumberFieldProps) {
  const [text, setText] = useState(value === 'auto' ? '' : String(value));
  useEffect(() => {
    // Follow outside changes; keep the user's spelling of the same value ("0.50", "2e-4").
    setText((t) => {
      if (value === 'auto') return t.trim() === '' ? t : '';
      return t.trim() !== '' && Number(t) === value ? t : String(value);
    });
  }, [value]);
  const commit = (t: string) => {
    if (t.trim() === '' && autoPlaceholder !== undefined) return onChange('auto');
    const v = Number(t);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || (min !== undefined && v < min) || (max !== undefined && v > max)) return;
    onChange(v);
  };
  const invalid = text.trim() !== '' && (() => {
    const v = Number(text);
    return !Number.isFinite(v) || (integer && !Number.isInteger(v)) || (min !== undefined && v < min) || (max !== undefined && v > max);
  })();
  return (
    <label className="field" title={title}>
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        value={text}
        min={min}
        max={max}
        step={step}
        placeholder={autoPlaceholder}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        className={invalid ? 'invalid' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
      />
    </label>
  );
}
