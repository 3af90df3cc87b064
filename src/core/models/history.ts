/** Loss curves, stored as columns so long runs stay compact in checkpoints (plain JSON). */

export interface LossHistoryJson {
  steps: number[];
  values: Record<string, number[]>;
}

export class LossHistory {
  readonly steps: number[] = [];
  readonly values: Record<string, number[]> = {};

  push(step: number, losses: Record<string, number>): void {
    const n = this.steps.length;
    this.steps.push(step);
    for (const [name, v] of Object.entries(losses)) {
      // A series that appears late (e.g. a held-out metric) is padded with NaN (JSON: null).
      const col = (this.values[name] ??= new Array<number>(n).fill(NaN));
      col.push(v);
    }
    for (const col of Object.values(this.values)) if (col.length < n + 1) col.push(NaN);
  }

  get length(): number {
    return this.steps.length;
  }

  /** Points after index `from` (for incremental chart updates). */
  since(from: number): LossHistoryJson {
    const values: Record<string, number[]> = {};
    for (const [k, col] of Object.entries(this.values)) values[k] = col.slice(from);
    return { steps: this.steps.slice(from), values };
  }

  toJSON(): LossHistoryJson {
    return this.since(0);
  }

  /** Replaces the contents (e.g. from a checkpoint); throws on malformed input. */
  load(json: LossHistoryJson): void {
    if (!json || !Array.isArray(json.steps) || typeof json.values !== 'object' || json.values === null) {
      throw new Error('Loss history is malformed.');
    }
    const values: Record<string, number[]> = {};
    for (const [k, col] of Object.entries(json.values)) {
      if (!Array.isArray(col) || col.length !== json.steps.length) throw new Error(`Loss series '${k}' is malformed.`);
      values[k] = col.map((v) => (v === null ? NaN : Number(v)));
    }
    this.steps.length = 0;
    this.steps.push(...json.steps);
    for (const k of Object.keys(this.values)) delete this.values[k];
    Object.assign(this.values, values);
  }

  static fromJSON(json: LossHistoryJson): LossHistory {
    const h = new LossHistory();
    h.load(json);
    return h;
  }
}
