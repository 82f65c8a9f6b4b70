import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { CONNECTOR_HEALTHS } from 'tributary-kit';
import { createRunMetrics } from '../run-metrics.js';
import { sampleScrape } from './sample-scrape.js';

const DASHBOARD = new URL('../../../docs/grafana/tributary-dashboard.json', import.meta.url);
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

interface Target {
  readonly expr: string;
  readonly refId: string;
  readonly datasource?: unknown;
}
interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos?: { h: number; w: number; x: number; y: number };
  readonly datasource?: unknown;
  readonly targets?: readonly Target[];
  readonly panels?: readonly Panel[];
  readonly fieldConfig?: unknown;
}
interface Variable {
  readonly name: string;
  readonly type: string;
  readonly query: string | { query: string };
  readonly datasource?: unknown;
}
interface Dashboard {
  readonly schemaVersion: number;
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly Variable[] };
}

/** Every panel, those inside rows too. */
function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** The metric names a PromQL expression reads: every `tributary_…` word outside quoted label values. */
function metricNames(expr: string): string[] {
  return [...expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\btributary_[A-Za-z0-9_:]*/g)].map((m) => m[0]);
}

/** Every string in a panel's field config (value-mapping keys and texts among them). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/**
 * The metric families the plugin renders, by name and type, from the `# TYPE` lines of a scrape with
 * sample data for every one of them, and the series names each family exposes.
 */
async function renderedFamilies(): Promise<Map<string, string[]>> {
  const text = await sampleScrape(createRunMetrics());
  const families = new Map<string, string[]>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const series = type === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => `${name}${s}`) : [name!];
    // The sample data gives every family at least one series, so a family left out of it fails here.
    expect(
      series.some((s) => new RegExp(`^${s}[{ ]`, 'm').test(text)),
      `a sample of ${name}`,
    ).to.equal(true);
    families.set(name!, series);
  }
  return families;
}

describe('docs/grafana/tributary-dashboard.json', () => {
  let dashboard: Dashboard;
  let families: Map<string, string[]>;
  before(async () => {
    dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as Dashboard;
    families = await renderedFamilies();
  });

  const queries = () => [
    ...allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
    ...dashboard.templating.list
      .filter((v) => v.type === 'query')
      .map((v) => ({ where: `variable ${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query.query })),
  ];

  it('reads only metrics the plugin renders (histograms by their _bucket, _sum and _count series)', () => {
    const series = new Set([...families.values()].flat());
    expect(families.size).to.be.at.least(15);
    for (const { where, expr } of queries()) {
      expect(metricNames(expr), `${where}: ${expr}`).to.have.length.above(0);
      for (const name of metricNames(expr)) expect(series.has(name), `${where}: ${name}`).to.equal(true);
    }
  });

  it('shows every metric the plugin renders in at least one panel', () => {
    const used = new Set(allPanels(dashboard).flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))));
    const unused = [...families].filter(([, series]) => !series.some((s) => used.has(s))).map(([name]) => name);
    expect(unused).to.deep.equal([]);
  });

  it('is a Grafana dashboard on a chosen Prometheus data source, filtered by the nql_id variable', () => {
    expect(dashboard.schemaVersion).to.equal(39);
    expect(dashboard.uid).to.equal('tributary');
    const variables = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(variables.get('datasource')).to.include({ type: 'datasource', query: 'prometheus' });
    expect(variables.get('nql_id')).to.deep.include({ type: 'query', datasource: DATASOURCE });
    const panels = allPanels(dashboard);
    expect(new Set(panels.map((p) => p.id)).size, 'unique panel ids').to.equal(panels.length);
    for (const panel of panels) {
      expect(panel.gridPos, panel.title).to.have.all.keys('h', 'w', 'x', 'y');
      if (panel.type === 'row') continue;
      expect(panel.datasource, panel.title).to.deep.equal(DATASOURCE);
      expect(panel.targets, panel.title).to.have.length.above(0);
      const refIds = panel.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, `${panel.title}: unique refIds`).to.equal(refIds.length);
      for (const target of panel.targets!) {
        expect(target.datasource, panel.title).to.deep.equal(DATASOURCE);
        // Every selector of a metric filters on the connectors chosen.
        const selectors = target.expr.match(/\btributary_[A-Za-z0-9_:]*(\{[^}]*\})?/g) ?? [];
        for (const s of selectors) expect(s, `${panel.title}: ${target.expr}`).to.include('connector=~"$nql_id"');
      }
    }
  });

  it('names every health state of core in the panels that show the health', () => {
    const health = allPanels(dashboard).filter((p) =>
      (p.targets ?? []).some((t) => metricNames(t.expr).includes('tributary_connector_health')),
    );
    expect(health.map((p) => p.title)).to.have.length.at.least(1);
    for (const panel of health) {
      expect(strings(panel.fieldConfig), panel.title).to.include.members([...CONNECTOR_HEALTHS]);
    }
  });
});
