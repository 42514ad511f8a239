import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, useTemporaryDirectory } from './fixtures/ledger-cli';

/**
 * A city's figures and summary report from the operator's CLI, on a city the demo writes through
 * the command handlers: `ledger figures --region` must add up `ledger figures --agency` of the
 * agencies `ledger report --region` lists, count for count, and a bad region fails the command.
 */
describe('ledger figures and report for a region', () => {
  const dataDir = useTemporaryDirectory('region-cli-');
  const cli = (...args: string[]) => runCli(dataDir(), args);
  const CITY = '440700';

  beforeAll(async () => {
    const demo = await cli('demo', '--agencies', '3', '--scale', '0.001', '--years', '2020', '--no-progress');
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  }, 120_000);

  it('prints the hierarchy the demo recorded, the city with its agencies', async () => {
    const shown = await cli('regions', 'show', CITY);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`\\(${CITY}, city\\)`));
    expect(shown.stdout.match(/^\s*· /gm)?.length).toBe(3);
  }, 60_000);

  it("rolls the city up as the sum of its agencies' own figures, and writes its summary report", async () => {
    const out = join(dataDir(), 'city-2020.json');
    const report = await cli('report', '2020', '--region', CITY, '--format', 'json', '--out', out);
    expect(report.code).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(model.agencies).toHaveLength(3);
    expect(model.rows).toHaveLength(3);
    // The summary names the region as people do, with the code beside it.
    expect(report.stderr).toContain(`${model.region.name}（${CITY}）`);
    expect(report.stderr).toContain('3 agencies');

    const city = await cli('figures', '2020', '--region', CITY, '--json');
    expect(city.code).toBe(0);
    const rolled = JSON.parse(city.stdout);
    const own = await Promise.all(
      model.agencies.map(async (a: { agency: string }) => {
        const run = await cli('figures', '2020', '--agency', a.agency, '--json');
        expect(run.code).toBe(0);
        return JSON.parse(run.stdout);
      }),
    );
    const sum = (pick: (f: Record<string, Record<string, number>>) => number) =>
      own.reduce((total, f) => total + pick(f), 0);
    for (const [section, key] of [
      ['applications', 'received'],
      ['applications', 'accepted'],
      ['decisions', 'total'],
      ['decisions', 'granted'],
      ['decisions', 'denied'],
      ['decisions', 'onTime'],
      ['items', 'total'],
    ] as const) {
      expect([section, key, rolled[section][key]]).toEqual([section, key, sum((f) => f[section][key])]);
    }
    // Not a sum of zeros: the demo city recorded applications in every agency.
    for (const f of own) expect(f.applications.received).toBeGreaterThan(0);
    const rate = rolled.decisions.onTimeRate;
    expect(rate.numerator).toBe(rolled.decisions.onTime);
    expect(rate.denominator).toBe(
      sum((f) => (f.decisions.onTimeRate as unknown as { denominator: number }).denominator),
    );
  }, 120_000);

  it('fails with a message naming the region, and refuses --agency with --region', async () => {
    const unknown = await cli('figures', '2020', '--region', '999999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/ledger figures: .*999999/);
    const both = await cli('figures', '2020', '--region', CITY, '--agency', 'jiangmen-psb');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('give either --agency or --region, not both');
    const report = await cli('report', '2020', '--region', '999999', '--format', 'json');
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(/ledger report: .*999999/);
  }, 60_000);
});
