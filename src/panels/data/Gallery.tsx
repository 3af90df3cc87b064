/**
 * The gallery: a virtualised grid, so 50,000 thumbnails scroll smoothly. Only the rows on screen
 * exist in the DOM; their pixels come from the dataset worker a page at a time as ImageBitmaps.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GalleryFilter } from '../../core/dataset/summary';
import type { ImageRecord } from '../../core/dataset/types';
import { classDisplayName, formatCount } from '../../lib/format';
import { datasetWorker } from '../../lib/workers';
import { BitmapCanvas } from './BitmapCanvas';

const PAGE = 128;
const MAX_PAGES = 48;
const TILE = 72;
const GAP = 6;

interface Page {
  records: ImageRecord[];
  bitmaps: ImageBitmap[];
}

export function Gallery({ datasetId, filter, revision, onOpen }: { datasetId: string; filter: GalleryFilter; revision: number; onOpen(id: string): void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [total, setTotal] = useState(0);
  const [, setLoadedPages] = useState(0);
  const pages = useRef(new Map<number, Page>());
  const pending = useRef(new Set<number>());
  // Bumped on every reset, so a page that arrives for an older dataset/filter is dropped.
  const generation = useRef(0);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const el = scroller.current!;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - 14));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new dataset, filter or revision: forget cached pages and count again.
  useEffect(() => {
    generation.current++;
    for (const p of pages.current.values()) p.bitmaps.forEach((b) => b.close());
    pages.current.clear();
    pending.current.clear();
    setLoadedPages((n) => n + 1);
    let live = true;
    datasetWorker.get().count(datasetId, filter).then((n) => live && setTotal(n));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, filterKey, revision]);

  const columns = Math.max(1, Math.floor((width + GAP) / (TILE + GAP)));
  const rows = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => TILE + GAP, overscan: 4 });
  const items = virtualizer.getVirtualItems();

  const first = items.length ? items[0].index * columns : 0;
  const last = items.length ? Math.min(total, (items[items.length - 1].index + 1) * columns) : 0;
  const wanted = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE); p * PAGE < last; p++) out.push(p);
    return out;
  }, [first, last]);

  useEffect(() => {
    const asked = generation.current;
    for (const p of wanted) {
      if (pages.current.has(p) || pending.current.has(p)) continue;
      pending.current.add(p);
      datasetWorker
        .get()
        .page(datasetId, filter, p * PAGE, PAGE)
        .then((page) => {
          if (asked !== generation.current || !pending.current.has(p)) {
            page.bitmaps.forEach((b) => b.close());
            return;
          }
          pending.current.delete(p);
          pages.current.set(p, page);
          // Keep memory bounded: drop the pages furthest from the view.
          while (pages.current.size > MAX_PAGES) {
            const far = [...pages.current.keys()].sort((a, b) => Math.abs(b - wanted[0]) - Math.abs(a - wanted[0]))[0];
            pages.current.get(far)!.bitmaps.forEach((b) => b.close());
            pages.current.delete(far);
          }
          setLoadedPages((n) => n + 1);
        })
        .catch(() => pending.current.delete(p));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted, datasetId, filterKey, revision]);

  const tile = (i: number) => {
    const page = pages.current.get(Math.floor(i / PAGE));
    const k = i % PAGE;
    return page ? { record: page.records[k], bitmap: page.bitmaps[k] } : undefined;
  };

  return (
    <div className="gallery" data-testid="gallery" data-total={total}>
      <div className="gallery-count muted">{formatCount(total)} images</div>
      <div className="gallery-scroller" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((row) => (
            <div key={row.key} className="gallery-row" style={{ transform: `translateY(${row.start}px)`, gap: GAP }}>
              {Array.from({ length: columns }, (_, c) => {
                const i = row.index * columns + c;
                if (i >= total) return null;
                const t = tile(i);
                return (
                  <button
                    key={c}
                    className={`gallery-tile kind-${t?.record.kind ?? 'loading'}`}
                    style={{ width: TILE, height: TILE }}
                    data-testid="gallery-tile"
                    data-label={t?.record.label}
                    data-kind={t?.record.kind}
                    title={t ? `${classDisplayName(t.record.label)} · ${t.record.sourceName}` : 'loading'}
                    onClick={() => t && onOpen(t.record.id)}
                  >
                    {t ? <BitmapCanvas bitmap={t.bitmap} size={TILE - 4} label={t.record.sourceName} /> : <span className="tile-placeholder" />}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
