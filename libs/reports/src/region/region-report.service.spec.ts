import type { RegionStandingsService } from '@ledger/audit';
import { ConflictError, RegionHierarchy } from '@ledger/domain';
import type { RegionHierarchyStore } from '@ledger/ledger/regions/region-hierarchy.store';
import type { RegionFiguresService } from '@ledger/projections';
import type { PdfPrinter } from '../pdf/pdf-printer';
import { RegionReportService } from './region-report.service';

/**
 * The report reads the roll-up, the standings and the hierarchy's names separately; when a new
 * hierarchy is loaded between those reads, the names would belong to another version than the
 * placements. Only that check is exercised here: the report itself is tested end to end
 * (test/region-figures.e2e-spec.ts).
 */
describe('when the region hierarchy changes while a region report is compiled', () => {
  const header = (hierarchyVersion: number) => ({ code: '440700', name: '江门市', level: 'city', hierarchyVersion });
  const hierarchy = (version: number) =>
    new RegionHierarchy(
      { regions: [{ code: '440700', name: '江门市', level: 'city', parent: null }], agencies: [] },
      version,
    );
  const service = (versions: { figures: number; standings: number; names: number }) =>
    new RegionReportService(
      { rollUp: async () => ({ figures: { region: header(versions.figures) } }) } as unknown as RegionFiguresService,
      { standings: async () => ({ region: header(versions.standings) }) } as unknown as RegionStandingsService,
      {} as PdfPrinter,
      { current: async () => hierarchy(versions.names) } as unknown as RegionHierarchyStore,
    );
  const query = { region: '440700', year: 2020 };

  it('refuses with 409 REGION.HIERARCHY_CHANGED when the names come from a newer version', async () => {
    const error = await service({ figures: 1, standings: 1, names: 2 })
      .model(query)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'REGION.HIERARCHY_CHANGED', field: 'region' });
  });

  it('refuses as well when the standings were read under another version than the roll-up', async () => {
    await expect(service({ figures: 1, standings: 2, names: 1 }).model(query)).rejects.toMatchObject({
      code: 'REGION.HIERARCHY_CHANGED',
    });
  });
});
