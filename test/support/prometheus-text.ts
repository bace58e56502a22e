/** One scrape of a `/metrics` endpoint: every sample by its series (name and sorted labels). */
export class Scrape {
  private constructor(private readonly samples: Map<string, number>) {}

  /** GETs `<baseUrl>/metrics` and parses the Prometheus text exposition format. */
  static async of(baseUrl: string): Promise<Scrape> {
    const response = await fetch(`${baseUrl}/metrics`);
    if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
    return Scrape.parse(await response.text());
  }

  static parse(text: string): Scrape {
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const [, name, labels = '', value] = match;
      samples.set(seriesKey(name, parseLabels(labels)), Number(value));
    }
    return new Scrape(samples);
  }

  /** The sample of a series, 0 when absent (a counter not incremented yet is not exported). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples.get(seriesKey(name, labels)) ?? 0;
  }

  /** Whether any series of that metric name is exported. */
  has(name: string): boolean {
    return [...this.samples.keys()].some((key) => key === name || key.startsWith(`${name}{`));
  }

  /** How much a series grew since `earlier`. */
  delta(earlier: Scrape, name: string, labels: Record<string, string> = {}): number {
    return this.value(name, labels) - earlier.value(name, labels);
  }
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, key, raw] of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[key] = raw.replace(/\\(["\\n])/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return labels;
}

function seriesKey(name: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  return sorted.length === 0 ? name : `${name}{${sorted.join(',')}}`;
}
