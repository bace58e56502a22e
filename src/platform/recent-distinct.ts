/**
 * How many distinct keys (member ids) were seen in the last `windowMs`: a ring of per-slice sets,
 * each capped so that a flood of failures cannot grow memory without bound (the count then
 * under-reports, which the metric's help text says).
 */
export class RecentDistinct {
  private slices: { start: number; keys: Set<string> }[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly sliceMs: number,
    private readonly maxPerSlice: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(key: string): void {
    const start = Math.floor(this.now() / this.sliceMs) * this.sliceMs;
    let current = this.slices[this.slices.length - 1];
    if (!current || current.start !== start) {
      current = { start, keys: new Set() };
      this.slices.push(current);
      this.forgetOld();
    }
    if (current.keys.size < this.maxPerSlice) current.keys.add(key);
  }

  count(): number {
    this.forgetOld();
    const distinct = new Set<string>();
    for (const slice of this.slices) for (const key of slice.keys) distinct.add(key);
    return distinct.size;
  }

  private forgetOld(): void {
    const oldest = this.now() - this.windowMs;
    this.slices = this.slices.filter((slice) => slice.start + this.sliceMs > oldest);
  }
}
