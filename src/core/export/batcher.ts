/**
 * Loads items in batches, in the order they will be asked for: asking for an item loads its
 * whole batch in one go (one IndexedDB transaction, one tensor batch), and taking the first item
 * of a batch starts loading the next one, so loading overlaps the consumer. Each value is
 * released once taken, and a batch once all of it was taken: memory holds about two batches.
 */
export class OrderedBatches<K, V> {
  private readonly position = new Map<K, number>();
  private readonly batches = new Map<number, { values: Promise<V[]>; left: number }>();

  constructor(
    private readonly items: readonly K[],
    private readonly batchSize: number,
    private readonly load: (batch: readonly K[]) => Promise<V[]>,
  ) {
    if (!(batchSize >= 1)) throw new Error(`Batch size must be at least 1, got ${batchSize}`);
    items.forEach((k, i) => this.position.set(k, i));
  }

  /** Batches loaded or loading now (for tests and memory checks). */
  get batchesHeld(): number {
    return this.batches.size;
  }

  /** The value of an item; each item may be taken once. */
  async take(item: K): Promise<V> {
    const i = this.position.get(item);
    if (i === undefined) throw new Error('OrderedBatches: unknown item (or taken twice)');
    this.position.delete(item);
    const b = Math.floor(i / this.batchSize);
    const batch = this.start(b);
    if (batch.left === this.size(b)) this.start(b + 1);
    batch.left--;
    if (batch.left === 0) this.batches.delete(b);
    const values = await batch.values;
    const v = values[i - b * this.batchSize];
    (values as Array<V | undefined>)[i - b * this.batchSize] = undefined;
    return v;
  }

  private size(b: number): number {
    return Math.max(0, Math.min(this.batchSize, this.items.length - b * this.batchSize));
  }

  private start(b: number): { values: Promise<V[]>; left: number } {
    let batch = this.batches.get(b);
    if (!batch && this.size(b) > 0) {
      const keys = this.items.slice(b * this.batchSize, b * this.batchSize + this.size(b));
      const values = this.load(keys).then((vs) => {
        if (vs.length !== keys.length) throw new Error(`Batch loader returned ${vs.length} values for ${keys.length} items`);
        return vs;
      });
      values.catch(() => {}); // a batch started ahead and never taken must not be an unhandled rejection
      batch = { values, left: keys.length };
      this.batches.set(b, batch);
    }
    return batch ?? { values: Promise.resolve([]), left: -1 };
  }
}
