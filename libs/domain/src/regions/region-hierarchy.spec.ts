import { ValidationError } from '../shared/errors';
import { RegionHierarchy, parseRegionHierarchy } from './region-hierarchy';

const jiangmen = () => ({
  regions: [
    { code: '440700', name: '江门市', level: 'city', parent: '440000' },
    { code: '440000', name: '广东省', level: 'province' },
    { code: '440703', name: '蓬江区', level: 'county', parent: '440700' },
    { code: '440704', name: '江海区', level: 'county', parent: '440700' },
    { code: '440100', name: '广州市', level: 'city', parent: '440000' },
  ],
  agencies: [
    { agency: 'jm-psb', name: '江门市公安局', region: '440700' },
    { agency: 'pj-psb', name: '江门市公安局蓬江分局', region: '440703' },
    { agency: 'jh-psb', name: '江门市公安局江海分局', region: '440704' },
    { agency: 'gz-psb', name: '广州市公安局', region: '440100' },
    { agency: 'gd-gat', name: '广东省公安厅', region: '440000' },
  ],
});

function refusal(input: unknown): { code: string; field?: string } {
  try {
    parseRegionHierarchy(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return { code: (e as ValidationError).code, field: (e as ValidationError).field };
  }
  throw new Error('the hierarchy was accepted');
}

describe('parseRegionHierarchy', () => {
  it('accepts a province with cities and districts, in canonical order by code', () => {
    const parsed = parseRegionHierarchy(jiangmen());
    expect(parsed.regions.map((r) => r.code)).toEqual(['440000', '440100', '440700', '440703', '440704']);
    expect(parsed.regions[0]).toEqual({ code: '440000', name: '广东省', level: 'province', parent: null });
    expect(parsed.agencies.map((a) => a.agency)).toEqual(['gd-gat', 'gz-psb', 'jh-psb', 'jm-psb', 'pj-psb']);
  });

  it('reads the same hierarchy the same whatever order it is given in', () => {
    const shuffled = jiangmen();
    shuffled.regions.reverse();
    shuffled.agencies.reverse();
    expect(parseRegionHierarchy(shuffled)).toEqual(parseRegionHierarchy(jiangmen()));
  });

  it.each([
    [
      'a county directly under a province',
      { code: 'x', name: 'X区', level: 'county', parent: '440000' },
      'REGION.PARENT_LEVEL',
    ],
    ['a city without a province', { code: 'x', name: 'X市', level: 'city' }, 'REGION.PARENT_UNKNOWN'],
    ['a parent not listed', { code: 'x', name: 'X区', level: 'county', parent: '999999' }, 'REGION.PARENT_UNKNOWN'],
    [
      'a province with a parent',
      { code: 'x', name: 'X省', level: 'province', parent: '440000' },
      'REGION.PARENT_LEVEL',
    ],
    ['an unknown level', { code: 'x', name: 'X镇', level: 'town', parent: '440703' }, 'REGION.LEVEL'],
    ['a blank name', { code: 'x', name: ' ', level: 'city', parent: '440000' }, 'REGION.NAME'],
    ['a code with a space', { code: 'x y', name: 'X市', level: 'city', parent: '440000' }, 'REGION.CODE'],
    ['a duplicate code', { code: '440700', name: '江门', level: 'city', parent: '440000' }, 'REGION.DUPLICATE'],
  ])('refuses %s', (_what, region, code) => {
    const input = jiangmen();
    input.regions.push(region as (typeof input.regions)[number]);
    expect(refusal(input).code).toBe(code);
  });

  it('refuses an agency in a region not listed, or placed twice, naming the entry', () => {
    const unknownRegion = jiangmen();
    unknownRegion.agencies.push({ agency: 'x-psb', name: 'X', region: '123456' });
    expect(refusal(unknownRegion)).toEqual({ code: 'REGION.AGENCY_REGION', field: 'agencies[5].region' });
    const twice = jiangmen();
    twice.agencies.push({ agency: 'jm-psb', name: '江门市公安局', region: '440703' });
    expect(refusal(twice)).toEqual({ code: 'REGION.AGENCY_DUPLICATE', field: 'agencies[5].agency' });
  });

  it('refuses what is not a hierarchy', () => {
    expect(refusal([]).code).toBe('REGION.NOT_AN_OBJECT');
    expect(refusal({ regions: [], agencies: [] }).code).toBe('REGION.REGIONS_REQUIRED');
    expect(refusal({ ...jiangmen(), extra: 1 })).toEqual({ code: 'REGION.UNKNOWN_FIELD', field: 'extra' });
  });
});

describe('RegionHierarchy', () => {
  const hierarchy = new RegionHierarchy(parseRegionHierarchy(jiangmen()), 1);

  it("counts a region's own agencies and every agency below it", () => {
    expect(hierarchy.agenciesIn('440700').map((a) => a.agency)).toEqual(['jh-psb', 'jm-psb', 'pj-psb']);
    expect(hierarchy.agenciesIn('440703').map((a) => a.agency)).toEqual(['pj-psb']);
    expect(hierarchy.agenciesIn('440000')).toHaveLength(5);
    expect(hierarchy.agenciesIn('nowhere')).toEqual([]);
  });

  it('gives the path from the province down', () => {
    expect(hierarchy.pathTo('440704').map((r) => r.name)).toEqual(['广东省', '江门市', '江海区']);
    expect(hierarchy.placementOf('pj-psb')?.region).toBe('440703');
  });
});
