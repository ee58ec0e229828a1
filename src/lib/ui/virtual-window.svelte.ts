/**
 * Which items of a long, variable-height list are near the viewport of their scroller. Heights are estimated
 * until measured (feed `measure` from observeHeight); the list renders `visible` between two spacers of
 * `before` and `after` pixels.
 */
export class VirtualWindow<T> {
  scrollTop = $state(0);
  viewport = $state(600);
  private readonly heights: Record<string, number> = $state({});

  constructor(
    private readonly source: () => readonly T[],
    private readonly key: (item: T) => string,
    private readonly estimate: (item: T) => number,
    private readonly overscan = 800
  ) {}

  readonly items = $derived.by(() => this.source());

  /** offsets[i] is the top of item i; offsets[items.length] the total height. */
  readonly offsets = $derived.by(() => {
    const items = this.items;
    const o = new Array<number>(items.length + 1);
    o[0] = 0;
    for (let i = 0; i < items.length; i++) o[i + 1] = o[i] + (this.heights[this.key(items[i])] || this.estimate(items[i]));
    return o;
  });

  readonly range = $derived.by(() => {
    const start = this.indexAt(Math.max(0, this.scrollTop - this.overscan));
    const end = Math.min(this.items.length, this.indexAt(this.scrollTop + this.viewport + this.overscan) + 1);
    return { start, end };
  });

  readonly visible = $derived(this.items.slice(this.range.start, this.range.end));
  readonly before = $derived(this.offsets[this.range.start]);
  readonly after = $derived(Math.max(0, this.offsets[this.items.length] - this.offsets[this.range.end]));

  /** First index whose bottom is below `y`. */
  indexAt(y: number): number {
    const offsets = this.offsets;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  measure(item: T, height: number): void {
    this.heights[this.key(item)] = height;
  }
}
