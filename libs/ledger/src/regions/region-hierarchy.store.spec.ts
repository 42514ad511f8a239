import { REGION_HIERARCHY_STREAM } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { RegionHierarchyStore } from './region-hierarchy.store';

const city = (districtName = '蓬江区') => ({
  regions: [
    { code: '440000', name: '广东省', level: 'province' },
    { code: '440700', name: '江门市', level: 'city', parent: '440000' },
    { code: '440703', name: districtName, level: 'county', parent: '440700' },
  ],
  agencies: [
    { agency: 'jm-psb', name: '江门市公安局', region: '440700' },
    { agency: 'pj-psb', name: '蓬江分局', region: '440703' },
  ],
});

describe('RegionHierarchyStore', () => {
  let store: SqliteEventStore;
  let now = Date.parse('2026-01-05T02:00:00Z');
  let regions: RegionHierarchyStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    regions = new RegionHierarchyStore(store, () => now);
  });
  afterEach(() => store.close());

  it('records each changed hierarchy as a new version on one stream, and nothing for the same one again', async () => {
    const first = await regions.load(city(), 'operator', 'jm-psb');
    expect(first).toMatchObject({
      version: 1,
      unchanged: false,
      regions: 3,
      agencies: 2,
      streamId: REGION_HIERARCHY_STREAM,
    });
    expect(await regions.load(city(), 'operator', 'jm-psb')).toMatchObject({
      version: 1,
      unchanged: true,
      eventIds: [],
    });
    now += 60_000;
    expect(await regions.load(city('蓬江区（新）'), 'operator', 'jm-psb')).toMatchObject({
      version: 2,
      unchanged: false,
    });
    expect(await store.streamRevision(REGION_HIERARCHY_STREAM)).toBe(1);
    const current = await regions.current();
    expect(current?.version).toBe(2);
    expect(current?.region('440703')?.name).toBe('蓬江区（新）');
    // As of the first load's minute the first version was in force.
    expect((await regions.current('2026-01-05T02:00:30.000Z'))?.region('440703')?.name).toBe('蓬江区');
    expect(await regions.current('2026-01-05T01:00:00.000Z')).toBeUndefined();
  });

  it('refuses a hierarchy that breaks a rule and records nothing', async () => {
    const broken = city();
    broken.agencies.push({ agency: 'x', name: 'X', region: 'nowhere' });
    await expect(regions.load(broken, 'operator', 'jm-psb')).rejects.toMatchObject({ code: 'REGION.AGENCY_REGION' });
    expect(await store.streamRevision(REGION_HIERARCHY_STREAM)).toBeUndefined();
    expect(await regions.current()).toBeUndefined();
  });

  it('sees a version loaded by another process (the cache follows the stream)', async () => {
    await regions.load(city(), 'operator', 'jm-psb');
    expect((await regions.current())?.version).toBe(1);
    await new RegionHierarchyStore(store, () => now + 1000).load(city('新区'), 'other', 'jm-psb');
    expect((await regions.current())?.region('440703')?.name).toBe('新区');
  });
});
