import { ValidationError } from '../shared/errors';

/**
 * The administrative hierarchy the figures are compiled along: province (省) → city (市) →
 * county or district (县/区) → agency. An agency hangs under the region whose government it
 * belongs to (a city bureau under its city, a district branch under its district, a provincial
 * department under the province).
 */
export type RegionLevel = 'province' | 'city' | 'county';

export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county'];

/** The level a region's parent must have; a province has none. */
const PARENT_LEVEL: Readonly<Record<RegionLevel, RegionLevel | null>> = {
  province: null,
  city: 'province',
  county: 'city',
};

export interface Region {
  /** The region's code, e.g. the GB/T 2260 division code 440700 (江门市). */
  readonly code: string;
  /** Display name as the reports print it (Chinese): 江门市. */
  readonly name: string;
  readonly level: RegionLevel;
  /** The parent region's code; null for a province. */
  readonly parent: string | null;
}

export interface AgencyPlacement {
  /** The agency id the ledger's events carry. */
  readonly agency: string;
  /** Display name: 江门市公安局. */
  readonly name: string;
  /** The code of the region the agency belongs to. */
  readonly region: string;
}

/** One version of the hierarchy as an operator loads it: every region and every agency, whole. */
export interface RegionHierarchyDefinition {
  readonly regions: readonly Region[];
  readonly agencies: readonly AgencyPlacement[];
}

/** Codes and agency ids: letters, digits and `._:-`, as the ledger's other ids. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_NAME = 200;

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError('REGION.NOT_AN_OBJECT', `${field} must be a JSON object`, field);
  return value as Record<string, unknown>;
}

function code(value: unknown, field: string, rule: string): string {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value))
    throw new ValidationError(
      rule,
      `${field} must be 1–128 letters, digits or ._:- starting with a letter or digit, got ${JSON.stringify(value)}`,
      field,
    );
  return value;
}

function displayName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME || /[\p{Cc}]/u.test(value))
    throw new ValidationError(
      'REGION.NAME',
      `${field} is required: a display name of at most ${MAX_NAME} characters without control characters`,
      field,
    );
  return value.trim();
}

/**
 * Checks a hierarchy as given in a file or a request body and returns it in canonical order
 * (regions and agencies sorted by code), so the same hierarchy always reads the same.
 * Rules: unique codes and agency ids, a parent that exists at the level just above
 * (city under province, county under city, province at the top), every agency under a known region.
 */
export function parseRegionHierarchy(input: unknown): RegionHierarchyDefinition {
  const body = object(input, 'hierarchy');
  const unknown = Object.keys(body).filter((k) => k !== 'regions' && k !== 'agencies');
  if (unknown.length)
    throw new ValidationError(
      'REGION.UNKNOWN_FIELD',
      `hierarchy has unknown fields: ${unknown.join(', ')} (known: regions, agencies)`,
      unknown[0],
    );
  if (!Array.isArray(body.regions) || body.regions.length === 0)
    throw new ValidationError('REGION.REGIONS_REQUIRED', 'regions must be a non-empty array', 'regions');
  if (!Array.isArray(body.agencies))
    throw new ValidationError('REGION.AGENCIES_REQUIRED', 'agencies must be an array', 'agencies');

  const regions = new Map<string, Region>();
  body.regions.forEach((raw, i) => {
    const r = object(raw, `regions[${i}]`);
    const regionCode = code(r.code, `regions[${i}].code`, 'REGION.CODE');
    if (regions.has(regionCode))
      throw new ValidationError('REGION.DUPLICATE', `region ${regionCode} is listed twice`, `regions[${i}].code`);
    if (!REGION_LEVELS.includes(r.level as RegionLevel))
      throw new ValidationError(
        'REGION.LEVEL',
        `regions[${i}].level must be one of ${REGION_LEVELS.join(', ')}, got ${JSON.stringify(r.level)}`,
        `regions[${i}].level`,
      );
    const parent =
      r.parent === undefined || r.parent === null ? null : code(r.parent, `regions[${i}].parent`, 'REGION.PARENT');
    regions.set(regionCode, {
      code: regionCode,
      name: displayName(r.name, `regions[${i}].name`),
      level: r.level as RegionLevel,
      parent,
    });
  });
  for (const region of regions.values()) {
    const expected = PARENT_LEVEL[region.level];
    if (expected === null) {
      if (region.parent !== null)
        throw new ValidationError('REGION.PARENT_LEVEL', `province ${region.code} cannot have a parent`, 'parent');
      continue;
    }
    const parent = region.parent === null ? undefined : regions.get(region.parent);
    if (!parent)
      throw new ValidationError(
        'REGION.PARENT_UNKNOWN',
        `${region.level} ${region.code} needs a parent ${expected} among the regions, got ${JSON.stringify(region.parent)}`,
        'parent',
      );
    // Levels are fixed, so a parent one level up also rules out cycles.
    if (parent.level !== expected)
      throw new ValidationError(
        'REGION.PARENT_LEVEL',
        `${region.level} ${region.code} must lie in a ${expected}, but ${parent.code} is a ${parent.level}`,
        'parent',
      );
  }

  const agencies = new Map<string, AgencyPlacement>();
  body.agencies.forEach((raw, i) => {
    const a = object(raw, `agencies[${i}]`);
    const agency = code(a.agency, `agencies[${i}].agency`, 'REGION.AGENCY');
    if (agencies.has(agency))
      throw new ValidationError('REGION.AGENCY_DUPLICATE', `agency ${agency} is placed twice`, `agencies[${i}].agency`);
    const region = code(a.region, `agencies[${i}].region`, 'REGION.AGENCY_REGION');
    if (!regions.has(region))
      throw new ValidationError(
        'REGION.AGENCY_REGION',
        `agency ${agency} is placed in region ${region}, which is not among the regions`,
        `agencies[${i}].region`,
      );
    agencies.set(agency, { agency, name: displayName(a.name, `agencies[${i}].name`), region });
  });

  const byCode =
    <T>(key: (t: T) => string) =>
    (x: T, y: T) =>
      key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0;
  return {
    regions: [...regions.values()].sort(byCode((r) => r.code)),
    agencies: [...agencies.values()].sort(byCode((a) => a.agency)),
  };
}

/** A loaded hierarchy, queried by the read side: which agencies a region's figures add up. */
export class RegionHierarchy {
  private readonly regionsByCode = new Map<string, Region>();
  private readonly children = new Map<string, Region[]>();
  private readonly agenciesByRegion = new Map<string, AgencyPlacement[]>();
  private readonly placements = new Map<string, AgencyPlacement>();

  constructor(
    readonly definition: RegionHierarchyDefinition,
    /** 1 for the first hierarchy loaded, then one more per change. */
    readonly version: number,
  ) {
    for (const region of definition.regions) {
      this.regionsByCode.set(region.code, region);
      if (region.parent !== null)
        this.children.set(region.parent, [...(this.children.get(region.parent) ?? []), region]);
    }
    for (const placement of definition.agencies) {
      this.placements.set(placement.agency, placement);
      this.agenciesByRegion.set(placement.region, [...(this.agenciesByRegion.get(placement.region) ?? []), placement]);
    }
  }

  region(code: string): Region | undefined {
    return this.regionsByCode.get(code);
  }

  placementOf(agency: string): AgencyPlacement | undefined {
    return this.placements.get(agency);
  }

  /** The regions directly below one. */
  childrenOf(code: string): readonly Region[] {
    return this.children.get(code) ?? [];
  }

  /** From the province down to the region itself. */
  pathTo(code: string): readonly Region[] {
    const path: Region[] = [];
    for (let r = this.region(code); r; r = r.parent === null ? undefined : this.region(r.parent)) path.unshift(r);
    return path;
  }

  /** Every agency in the region or below it, sorted by agency id. */
  agenciesIn(code: string): readonly AgencyPlacement[] {
    const found: AgencyPlacement[] = [];
    const visit = (c: string) => {
      found.push(...(this.agenciesByRegion.get(c) ?? []));
      for (const child of this.childrenOf(c)) visit(child.code);
    };
    if (this.region(code)) visit(code);
    return found.sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
  }
}
