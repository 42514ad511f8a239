import { Injectable } from '@nestjs/common';
import { NotFoundError, Region, RegionHierarchy, ValidationError } from '@ledger/domain';
import { RegionHierarchyStore } from '@ledger/ledger/regions/region-hierarchy.store';
import { FiguresQuery, parseFiguresQuery } from '../figures-service/figures-query';
import { FiguresDocument, YearlyFiguresService } from '../figures-service/yearly-figures.service';
import { FiguresBreakdown, YearlyFigures } from '../yearly-figures/figures.types';
import { rollUp, rollUpBreakdowns } from './roll-up';

export interface RegionFiguresQuery extends Omit<FiguresQuery, 'agency'> {
  /** The region's code in the hierarchy in force (as of `asOf`, when given). */
  readonly region: string;
  /**
   * Whether the caller may read an agency's records (the principal's agencies). A region is
   * visible only when every agency in it is: a city's figures are not shown to a district's
   * key, and a region the caller may not see answers exactly as one that does not exist.
   */
  readonly visibleTo?: (agency: string) => boolean;
}

/** The region as a document names it: code, display name, level, and the hierarchy version that placed its agencies. */
export interface RegionHeader {
  readonly code: string;
  readonly name: string;
  readonly level: Region['level'];
  readonly hierarchyVersion: number;
}

/** A region's documents for one year, shaped as an agency's: figures, departments, items, each with `previousYear`. */
export interface RegionFiguresDocument {
  readonly figures: Record<string, unknown>;
  readonly departments: Record<string, unknown>;
  readonly items: Record<string, unknown>;
}

/** One agency of a region with its own documents: what the agencies list ranks and flags. */
export interface RegionAgencyDocuments {
  readonly region: RegionHeader;
  readonly agencies: readonly { readonly agency: string; readonly name: string; readonly region: string }[];
  readonly documents: ReadonlyMap<string, FiguresDocument>;
}

const REGION_CODE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Checks the raw path and query values of a region query; a bad one is a 400 naming the field. */
export function parseRegionFiguresQuery(
  rawYear: string,
  region: string,
  rawAsOf: string | undefined,
): RegionFiguresQuery {
  if (!REGION_CODE.test(region))
    throw new ValidationError(
      'FIGURES.REGION',
      `region must be a region code of the hierarchy (letters, digits or ._:-), got ${JSON.stringify(region)}`,
      'region',
    );
  const { year, asOf } = parseFiguresQuery(rawYear, '', rawAsOf);
  return { region, year, ...(asOf ? { asOf } : {}) };
}

/**
 * A region's figures: the agencies the hierarchy places in it or below it, their figures rolled
 * up (`rollUp`). The hierarchy is the one in force when the figures are asked for, or the one
 * recorded by `asOf`, so an as-of roll-up adds the agencies the region had then.
 */
@Injectable()
export class RegionFiguresService {
  constructor(
    private readonly figures: YearlyFiguresService,
    private readonly regions: RegionHierarchyStore,
  ) {}

  /** Every agency of the region with its own documents of the year (an agency without events: zeros). */
  async agencyDocuments(query: RegionFiguresQuery): Promise<RegionAgencyDocuments> {
    const hierarchy = await this.regions.current(query.asOf);
    if (!hierarchy)
      throw new NotFoundError(
        'REGION.NONE_LOADED',
        query.asOf
          ? `no region hierarchy had been loaded by ${query.asOf}`
          : 'no region hierarchy has been loaded yet (PUT /v1/admin/regions, ledger regions load <file>)',
        'region',
      );
    const visible = (code: string) => {
      const { visibleTo } = query;
      return visibleTo === undefined || hierarchy.agenciesIn(code).every((a) => visibleTo(a.agency));
    };
    const region = hierarchy.region(query.region);
    if (!region || !visible(region.code))
      throw new NotFoundError('REGION.NOT_FOUND', notFound(hierarchy, query.region, visible), 'region');
    const agencies = hierarchy.agenciesIn(region.code);
    const documents = await this.figures.documentsOf(
      agencies.map((a) => a.agency),
      query.year,
      query.asOf,
    );
    return {
      region: { code: region.code, name: region.name, level: region.level, hierarchyVersion: hierarchy.version },
      agencies,
      documents,
    };
  }

  /** The region's figures, departments and items of the year, each with the year before rolled up the same way. */
  async rollUp(query: RegionFiguresQuery): Promise<RegionFiguresDocument> {
    const { region, agencies, documents } = await this.agencyDocuments(query);
    const parts = agencies.map(({ agency }) => documents.get(agency)!);
    const header = { year: query.year, region, asOf: query.asOf ?? null };
    const figures = parts.map((d) => d.figures as unknown as YearlyFigures & { previousYear: YearlyFigures | null });
    const previous = figures.map((f) => f.previousYear).filter((f): f is YearlyFigures => f !== null);
    // The year before is shown when any agency of the region has it, as an agency's previousYear is.
    const hasPrevious = previous.length > 0;
    const breakdowns = (key: 'departments' | 'items', year: 'this' | 'previous') =>
      rollUpBreakdowns(
        agencies.flatMap(({ agency }) => {
          const document = documents.get(agency)![key] as Record<string, unknown>;
          const source =
            year === 'this'
              ? document
              : ((document.previousYear as Record<string, unknown> | null | undefined) ?? undefined);
          return source ? [{ agency, breakdowns: source[key] as Record<string, FiguresBreakdown> }] : [];
        }),
      );
    // Each part is added up when first read: the figures need each agency's 4 KB figures, not its items breakdown.
    let figuresPart: Record<string, unknown> | undefined;
    let departmentsPart: Record<string, unknown> | undefined;
    let itemsPart: Record<string, unknown> | undefined;
    return {
      get figures() {
        return (figuresPart ??= {
          ...header,
          ...rollUp(query.year, figures),
          asOf: header.asOf,
          previousYear: hasPrevious ? { region, ...rollUp(query.year - 1, previous), asOf: header.asOf } : null,
        });
      },
      get departments() {
        return (departmentsPart ??= {
          ...header,
          departments: breakdowns('departments', 'this'),
          previousYear: hasPrevious ? { departments: breakdowns('departments', 'previous') } : null,
        });
      },
      get items() {
        return (itemsPart ??= {
          ...header,
          items: breakdowns('items', 'this'),
          previousYear: hasPrevious ? { items: breakdowns('items', 'previous') } : null,
        });
      },
    };
  }
}

/** Names the regions the caller can see, so the message reveals no other. */
function notFound(hierarchy: RegionHierarchy, code: string, visible: (code: string) => boolean): string {
  const known = hierarchy.definition.regions.map((r) => r.code).filter(visible);
  const shown = known.slice(0, 10).join(', ') + (known.length > 10 ? `, … (${known.length} in all)` : '');
  return `no region ${code} in the region hierarchy (version ${hierarchy.version}); known: ${shown}`;
}
