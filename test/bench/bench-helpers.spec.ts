import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions } from '../../bench/bench-options.js';
import type { Comparison, ScenarioSummary } from '../../bench/compare.js';
import { checkGoals } from '../../bench/goals.js';
import { median, summarize } from '../../bench/stats.js';
import { benchConfig } from '../../bench/tributary-scenario.js';
import { silentLogger } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';

describe('benchmark helpers', () => {
  describe('options', () => {
    it('defaults to 200,000 rows, 3 rounds, the text report', () => {
      expect(parseBenchOptions([])).to.include({ rows: 200_000, rounds: 3, json: false, scale: false, quick: false });
    });

    it('reads --rows, --rounds, --json, --only and --child-flags', () => {
      const options = parseBenchOptions([
        '--rows',
        '50_000',
        '--rounds=5',
        '--json',
        '--only',
        'ceiling,tributary-jsonl',
        '--child-flags',
        '--a --b',
      ]);
      expect(options).to.include({ rows: 50_000, rounds: 5, json: true });
      expect(options.only).to.deep.equal(['ceiling', 'tributary-jsonl']);
      expect(options.childFlags).to.deep.equal(['--a', '--b']);
    });

    it('treats --rows 3000500 as --scale, and --scale as 3,000,500 rows', () => {
      expect(parseBenchOptions(['--rows', '3000500'])).to.include({ scale: true, rows: 3_000_500 });
      expect(parseBenchOptions(['--scale', '--rows', '10'])).to.include({ scale: true, rows: 3_000_500 });
    });

    it('refuses unknown options and rows that are not whole numbers, with the usage', () => {
      expect(() => parseBenchOptions(['--fast'])).to.throw(/Unknown option --fast[\s\S]*Usage: npm run bench/);
      expect(() => parseBenchOptions(['--rows', '1.5'])).to.throw(/--rows needs a whole number >= 1, got 1.5/);
      expect(() => parseBenchOptions(['--rounds'])).to.throw(/--rounds needs a whole number/);
    });
  });

  describe('statistics', () => {
    it('takes the middle value, or the mean of the two middle values', () => {
      expect(median([3, 1, 2])).to.equal(2);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(Number.isNaN(median([]))).to.equal(true);
    });

    it('reports the spread as (max − min) / median in percent', () => {
      expect(summarize([90, 100, 110])).to.deep.include({ median: 100, min: 90, max: 110, spreadPercent: 20 });
    });
  });

  describe('goals', () => {
    const scenario = (name: ScenarioSummary['scenario'], rowsPerSec: number, rss: number): ScenarioSummary => ({
      scenario: name,
      rows: 1000,
      rowsPerSec: summarize([rowsPerSec]),
      seconds: summarize([1]),
      peakRssMiB: summarize([rss]),
      rounds: [],
    });
    const comparison = (ratios: Record<string, number>, rss: number): Comparison => ({
      rows: 1000,
      rounds: 1,
      sandbox: { startMs: 0, prerenderedMiB: 0 },
      baselineRssMiB: 0,
      scenarios: [scenario('tributary-jsonl', 1, rss), scenario('tributary-sqlite', 1, 100)],
      ratios,
    });

    it('meets a ratio at exactly its target and misses it just below', () => {
      const goals = checkGoals(
        comparison({ 'tributary-jsonl / ceiling': 0.6, 'tributary-sqlite / ceiling': 0.4999 }, 100),
      );
      expect(goals.find((g) => g.goal.startsWith('tributary-jsonl / ceiling'))!.met).to.equal(true);
      expect(goals.find((g) => g.goal.startsWith('tributary-sqlite / ceiling'))!.met).to.equal(false);
    });

    it('checks peak RSS against 300 MB (286 MiB), and leaves goals without a measurement undecided', () => {
      const goals = checkGoals(comparison({}, 290));
      expect(goals.find((g) => g.goal.startsWith('tributary-jsonl peak RSS'))!.met).to.equal(false);
      expect(goals.find((g) => g.goal.startsWith('tributary-sqlite peak RSS'))!.met).to.equal(true);
      expect(goals.find((g) => g.goal.includes('jsforce'))!.met).to.equal(undefined);
    });
  });

  describe('the benchmark config', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-bench-config-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    for (const sink of ['jsonl', 'sqlite', 'postgres'] as const) {
      it(`is a valid Tributary config for the ${sink} sink, secrets from the environment`, async () => {
        const input = {
          scenario: 'tributary-jsonl' as const,
          url: 'http://127.0.0.1:9',
          clientId: 'id',
          clientSecret: 'secret',
          query: 'SELECT Username FROM User',
          rows: 1,
          workDir: dir,
        };
        const configPath = join(dir, 'tributary.config.yaml');
        writeFileSync(configPath, benchConfig(input, sink));
        const env = {
          BENCH_SANDBOX_URL: input.url,
          BENCH_CLIENT_ID: 'id',
          BENCH_CLIENT_SECRET: 'secret',
          BENCH_PG_URL: 'postgres://bench@127.0.0.1:9/none',
        };
        const host = await createHost({ configPath, env, logger: silentLogger });
        try {
          const connector = host.connector('bench_users');
          expect(connector.connector).to.equal('salesforce-user-attributes');
          expect(connector.mapping.identification).to.equal('Username');
          expect(connector.mapping.fields.map((f) => f.target)).to.deep.equal(['email', 'department', 'manager']);
          expect(host.config.sinks[0]).to.include({ type: sink });
          expect(host.stateDir).to.equal(join(dir, 'state'));
        } finally {
          await host.close();
        }
      });
    }
  });
});
