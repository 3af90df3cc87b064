/**
 * One parameter of a transform: a slider with a typed number for numbers, two of each for a
 * [low, high] range, a select for choices, a checkbox for switches. A typed value outside the
 * declared range is not applied: the field says what is allowed and the pipeline keeps its value.
 */
import { useEffect, useId, useState } from 'react';
import type { ParamSpec, ParamValue } from '../../core/transforms/types';

function stepOf(spec: ParamSpec): number {
  if (spec.kind === 'int' || (spec.kind === 'range' && spec.integer)) return 1;
  if (spec.kind === 'number' || spec.kind === 'range') return spec.step ?? niceStep((spec.max - spec.min) / 200);
  return 1;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

function fmt(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

/** A slider and a number box for one value; the box holds a draft until it is a valid number. */
export function NumberField({
  value,
  min,
  max,
  step,
  integer,
  label,
  testId,
  onChange,
  onError,
}: {
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  label: string;
  testId: string;
  onChange(v: number): void;
  onError(message: string | null): void;
}) {
  const [draft, setDraft] = useState(fmt(value));
  useEffect(() => setDraft(fmt(value)), [value]);
  const commit = (text: string) => {
    setDraft(text);
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) return onError(`${label}: “${text}” is not a number.`);
    if (v < min || v > max) return onError(`${label}: ${text} is outside the allowed range ${fmt(min)} to ${fmt(max)}; the pipeline keeps ${fmt(value)}.`);
    if (integer && !Number.isInteger(v)) return onError(`${label}: ${text} should be a whole number.`);
    onError(null);
    if (v !== value) onChange(v);
  };
  return (
    <span className="number-field">
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-label={`${label} slider`}
        data-testid={`slider-${testId}`}
        onChange={(e) => {
          onError(null);
          onChange(Number(e.target.value));
        }}
      />
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={draft}
        aria-label={label}
        data-testid={`param-${testId}`}
        onChange={(e) => commit(e.target.value)}
        onBlur={() => setDraft(fmt(value))}
      />
    </span>
  );
}

export function ParamControl({
  nodeId,
  name,
  spec,
  value,
  onChange,
}: {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  onChange(v: ParamValue): void;
}) {
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const id = useId();
  const testId = `${nodeId}-${name}`;
  const setError = (part: string) => (m: string | null) => setErrors((e) => (e[part] === m ? e : { ...e, [part]: m }));
  const message = Object.values(errors).find(Boolean);
  const unit = spec.unit ? ` (${spec.unit})` : '';

  let control: React.ReactNode;
  switch (spec.kind) {
    case 'number':
    case 'int': {
      const v = typeof value === 'number' ? value : spec.default;
      control = <NumberField value={v} min={spec.min} max={spec.max} step={stepOf(spec)} integer={spec.kind === 'int'} label={spec.label} testId={testId} onChange={onChange} onError={setError('v')} />;
      break;
    }
    case 'range': {
      const [lo, hi] = Array.isArray(value) ? value : spec.default;
      const step = stepOf(spec);
      control = (
        <span className="range-field">
          <span className="muted">from</span>
          <NumberField
            value={lo}
            min={spec.min}
            max={spec.max}
            step={step}
            integer={spec.integer}
            label={`${spec.label} (low)`}
            testId={`${testId}-lo`}
            onChange={(v) => onChange([v, Math.max(v, hi)])}
            onError={setError('lo')}
          />
          <span className="muted">to</span>
          <NumberField
            value={hi}
            min={spec.min}
            max={spec.max}
            step={step}
            integer={spec.integer}
            label={`${spec.label} (high)`}
            testId={`${testId}-hi`}
            onChange={(v) => onChange([Math.min(lo, v), v])}
            onError={setError('hi')}
          />
        </span>
      );
      break;
    }
    case 'enum':
      control = (
        <select id={id} value={String(value ?? spec.default)} data-testid={`param-${testId}`} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'bool':
      control = <input id={id} type="checkbox" checked={value === true} data-testid={`param-${testId}`} onChange={(e) => onChange(e.target.checked)} />;
      break;
  }

  return (
    <div className="param" title={spec.help}>
      <label className="param-label" htmlFor={spec.kind === 'enum' || spec.kind === 'bool' ? id : undefined}>
        {spec.label}
        {unit}
      </label>
      {control}
      {message && (
        <div className="param-error error" role="alert" data-testid={`param-error-${testId}`}>
          {message}
        </div>
      )}
    </div>
  );
}

/** A NumberField that shows its own message for a typed value it cannot take (probabilities, weights). */
export function CheckedNumber(props: Omit<Parameters<typeof NumberField>[0], 'onError'>) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="checked-number">
      <NumberField {...props} onError={setError} />
      {error && (
        <span className="param-error error" role="alert" data-testid={`param-error-${props.testId}`}>
          {error}
        </span>
      )}
    </span>
  );
}
