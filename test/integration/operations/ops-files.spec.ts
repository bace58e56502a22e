import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Metrics } from '../../../src/platform/metrics';
import { WebhookMetrics } from '../../../src/webhooks/webhook-metrics';

const ROOT = path.resolve(__dirname, '../../..');
const ALERTS = path.join(ROOT, 'ops/prometheus/alerts.yml');
const ALERT_TESTS = path.join(ROOT, 'ops/prometheus/alerts.test.yml');
const DASHBOARD = path.join(ROOT, 'ops/grafana/gamification-dashboard.json');

const promtool = spawnSync('promtool', ['--version']).status === 0 ? 'promtool' : undefined;

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface AlertTests {
  rule_files: string[];
  tests: {
    input_series: { series: string; values: string }[];
    alert_rule_test: { alertname: string; exp_alerts: unknown[] }[];
  }[];
}

/** Every series name the process exports, histograms with their _bucket/_sum/_count series. */
function exportedSeries(): Set<string> {
  const names = new Set<string>(['up']);
  const { registry } = new Metrics();
  new WebhookMetrics(registry);
  for (const metric of registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram' || type === 'summary') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Series names a PromQL expression selects (label values and template text stripped first). */
function seriesIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  return [...new Set(withoutStrings.match(/\b(gamification_[a-z0-9_]+|up)\b/g) ?? [])];
}

describe('alert rules (ops/prometheus/alerts.yml)', () => {
  const document = parse(readFileSync(ALERTS, 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] };
  const rules = document.groups.flatMap((group) => group.rules);

  it('should cover errors, dead letters, processing delay, lag, an open breaker and a throughput drop', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'GamificationHighErrorRate',
        'GamificationDeadLettersProduced',
        'GamificationDeadLetterBacklogGrowing',
        'GamificationProcessingSlow',
        'GamificationConsumerLagGrowing',
        'GamificationConsumerStalled',
        'GamificationCircuitBreakerOpen',
        'GamificationThroughputDrop',
      ]),
    );
  });

  it('should give every rule an expression, a severity and a summary and description', () => {
    for (const group of document.groups) {
      expect(group.name).toMatch(/^gamification-/);
      expect(group.rules.length).toBeGreaterThan(0);
    }
    for (const rule of rules) {
      expect(Object.keys(rule).sort()).toEqual(expect.arrayContaining(['alert', 'annotations', 'expr', 'labels']));
      expect(Object.keys(rule).filter((key) => !['alert', 'expr', 'for', 'labels', 'annotations'].includes(key))).toEqual([]);
      expect(rule.alert).toMatch(/^Gamification[A-Z][A-Za-z]+$/);
      expect(typeof rule.expr).toBe('string');
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smhd]$/);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toEqual(expect.any(String));
      expect(rule.annotations.description).toEqual(expect.any(String));
    }
  });

  it('should only use series the engine exports', () => {
    const exported = exportedSeries();
    for (const rule of rules) {
      const unknown = seriesIn(rule.expr).filter((name) => !exported.has(name));
      expect({ alert: rule.alert, unknown }).toEqual({ alert: rule.alert, unknown: [] });
    }
  });

  it('should have a unit test in alerts.test.yml that fires each alert', () => {
    const tests = parse(readFileSync(ALERT_TESTS, 'utf8')) as AlertTests;
    expect(tests.rule_files).toEqual(['alerts.yml']);
    const fired = new Set(
      tests.tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)),
    );
    expect(rules.map((rule) => rule.alert).filter((alert) => !fired.has(alert))).toEqual([]);
  });

  it(`should pass \`promtool check rules\` and \`promtool test rules\`${promtool ? '' : ' (promtool absent: checking the unit tests are well formed instead)'}`, () => {
    if (promtool) {
      expect(execFileSync(promtool, ['check', 'rules', ALERTS], { encoding: 'utf8' })).toContain('SUCCESS');
      expect(execFileSync(promtool, ['test', 'rules', ALERT_TESTS], { encoding: 'utf8', cwd: path.dirname(ALERT_TESTS) })).toContain('SUCCESS');
      return;
    }
    const tests = parse(readFileSync(ALERT_TESTS, 'utf8')) as AlertTests;
    const alerts = new Set(rules.map((rule) => rule.alert));
    for (const test of tests.tests) {
      expect(test.input_series.length).toBeGreaterThan(0);
      for (const series of test.input_series) expect(series.values).toMatch(/^[\d+x. _stale-]+$/);
      for (const check of test.alert_rule_test) expect(alerts).toContain(check.alertname);
    }
  });
});

describe('Grafana dashboard (ops/grafana/gamification-dashboard.json)', () => {
  interface Panel {
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: { expr: string; refId: string }[];
  }
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; title: string; panels: Panel[]; templating: { list: { name: string; type: string }[] } };
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');

  it('should have the panels operators look for', () => {
    expect(panels.map((panel) => panel.title)).toEqual(
      expect.arrayContaining([
        'Events by outcome',
        'Volume per journey',
        'Success rate per journey',
        'Errors by category',
        'Errors by event type',
        'Users affected',
        'Processing time',
        'Consumer lag per topic',
        'Circuit breakers',
      ]),
    );
  });

  it('should be importable: unique ids, a datasource variable, every panel on the 24-column grid with a query', () => {
    expect(dashboard.uid).toBe('gamification-engine');
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }));
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      expect(panel.targets?.length).toBeGreaterThan(0);
    }
  });

  it('should only query series the engine exports', () => {
    const exported = exportedSeries();
    for (const panel of panels) {
      const unknown = (panel.targets ?? []).flatMap((target) => seriesIn(target.expr)).filter((name) => !exported.has(name));
      expect({ panel: panel.title, unknown }).toEqual({ panel: panel.title, unknown: [] });
    }
  });
});
