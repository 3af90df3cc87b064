/** "Add transform": a searchable list of the engine's transforms, grouped by family. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TransformInfo } from '../../../workers/augment/catalog';
import { usePipeline } from '../../store/pipeline';
import { insertNode, newId, transformNode } from './tree';

const FAMILIES: Array<{ family: TransformInfo['family']; label: string }> = [
  { family: 'geometric', label: 'Geometric' },
  { family: 'photometric', label: 'Colour, tone, noise and blur' },
  { family: 'mixing', label: 'Batch mixing (label-aware)' },
];

export function AddTransform({ targetGroup, compact }: { targetGroup: string; compact?: boolean }) {
  const catalog = usePipeline((s) => s.catalog);
  const edit = usePipeline((s) => s.edit);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) search.current?.focus();
  }, [open]);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (catalog ?? []).filter((t) => !q || `${t.name} ${t.label} ${t.description}`.toLowerCase().includes(q));
  }, [catalog, query]);

  const add = (t: TransformInfo) => {
    edit((p) => insertNode(p, targetGroup, transformNode(newId(p.root), t.name, t.params)));
    setOpen(false);
    setQuery('');
  };

  return (
    <div className="add-transform">
      <button className={compact ? 'ghost' : ''} data-testid={`add-transform-${targetGroup}`} aria-expanded={open} onClick={() => setOpen(!open)} disabled={!catalog}>
        + {compact ? 'Add to group' : 'Add transform'}
      </button>
      {open && (
        <div className="transform-picker" role="dialog" aria-label="Add a transform" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <input
            ref={search}
            type="search"
            placeholder="Search transforms (rotate, blur, noise…)"
            value={query}
            data-testid="transform-search"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && matches[0]) add(matches[0]);
            }}
          />
          <div className="picker-list">
            {FAMILIES.map(({ family, label }) => {
              const items = matches.filter((t) => t.family === family);
              if (!items.length) return null;
              return (
                <section key={family}>
                  <h4>{label}</h4>
                  <ul>
                    {items.map((t) => (
                      <li key={t.name}>
                        <button
                          className="link"
                          data-testid={`transform-option-${t.name}`}
                          onClick={() => add(t)}
                          title={`${t.description}\nAlbumentations: ${t.albumentations.name ? `${t.albumentations.name} (${t.albumentations.note})` : `not exported: ${t.albumentations.note}`}`}
                        >
                          <strong>{t.label}</strong>
                          <span className="muted picker-desc">{t.description}</span>
                          {t.rgbOnly && <span className="badge">RGB</span>}
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
            {!matches.length && <p className="muted">No transform matches “{query}”.</p>}
          </div>
        </div>
      )}
    </div>
  );
}
