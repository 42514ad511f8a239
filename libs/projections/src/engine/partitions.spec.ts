import { LedgerEvents, accumulate, calendar } from '../yearly-figures/testing/ledger-events';
import { yearlyFiguresProjection } from '../yearly-figures/yearly-figures.projection';
import {
  parsePartitions,
  parseProjectorInstance,
  partitionName,
  partitionOf,
  partitionedProjection,
  preferredPartitions,
} from './partitions';

describe('when agencies are assigned to partitions', () => {
  it('puts every agency in partition 0 of 1, and keeps the single projection its name', () => {
    expect(partitionOf('jiangmen-psb', 1)).toBe(0);
    expect(partitionName('yearly-figures', 0, 1)).toBe('yearly-figures');
    expect(partitionName('yearly-figures', 3, 8)).toBe('yearly-figures/p3of8');
  });

  it('assigns an agency the same partition every time (FNV-1a), pinned so a change is noticed', () => {
    // Pinned: a checkpoint counts its agencies, so moving one to another partition would lose its figures.
    expect(['jiangmen-psb', 'kaiping-psb', 'pengjiang-psb', 'taishan-psb'].map((a) => partitionOf(a, 8))).toEqual([
      4, 0, 4, 5,
    ]);
    // FNV-1a's published value for "a" is 0xe40c292c.
    expect(partitionOf('a', 1000)).toBe(0xe40c292c % 1000);
  });

  it('spreads a thousand agencies over eight partitions within a fifth of the even share', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 1000; i++) counts[partitionOf(`agency-${i}`, 8)]++;
    for (const c of counts) expect(Math.abs(c - 125)).toBeLessThan(25);
  });

  it('gives each of n instances its share, and all of them to an instance without one', () => {
    expect(preferredPartitions(4, { index: 0, of: 2 })).toEqual([0, 2]);
    expect(preferredPartitions(4, { index: 1, of: 2 })).toEqual([1, 3]);
    expect(preferredPartitions(3)).toEqual([0, 1, 2]);
  });

  it('reads the settings and refuses bad ones', () => {
    expect(parsePartitions(undefined)).toBe(1);
    expect(parsePartitions('16')).toBe(16);
    for (const bad of ['0', '257', '1.5', 'x']) expect(() => parsePartitions(bad)).toThrow(/PARTITIONS/);
    expect(parseProjectorInstance('1/3')).toEqual({ index: 1, of: 3 });
    for (const bad of ['3/3', '1', 'a/b', '0/0']) expect(() => parseProjectorInstance(bad)).toThrow(/k\/n/);
  });
});

describe('when a partition projects a ledger of several agencies', () => {
  it("applies its own agencies' facts only, each agency's figures as a whole projection gives them", () => {
    const ledger = new LedgerEvents();
    const agencies = ['a-psb', 'b-psb', 'c-psb', 'd-psb', 'e-psb'];
    for (const agency of agencies) {
      const at = ledger.of(agency);
      at.register('ZA-001', '2019-01-01T00:00:00+08:00');
      at.file(`${agency}-1`, '2020-03-02T09:00:00+08:00');
      at.accept(`${agency}-1`, '2020-03-02T10:00:00+08:00');
      at.grant(`${agency}-1`, '2020-03-05T10:00:00+08:00');
    }
    const whole = accumulate(ledger.events);
    const base = yearlyFiguresProjection(calendar, 'Asia/Shanghai');
    const seen: string[] = [];
    for (let p = 0; p < 3; p++) {
      const projection = partitionedProjection(base, p, 3);
      expect(projection.name).toBe(`yearly-figures/p${p}of3`);
      let state = projection.initialState();
      for (const event of ledger.events) state = projection.evolve(state, event);
      expect(state.agencies()).toEqual(agencies.filter((a) => partitionOf(a, 3) === p));
      for (const agency of state.agencies()) expect(state.figures(agency, 2020)).toEqual(whole.figures(agency, 2020));
      seen.push(...state.agencies());
    }
    expect(seen.sort()).toEqual(agencies);
  });
});
