/**
 * A synthetic city of many agencies for `ledger demo --agencies N`: the city bureau
 * (jiangmen-psb, the seed agency, its plan unchanged) and N − 1 district and county-level
 * bureaus across Jiangmen's seven districts and county-level cities, each with its own seed (so
 * its days and lanes differ) and a smaller volume, placed in a region hierarchy the demo loads.
 * Deterministic: the same N and scale give the same city every time.
 */
import type { RegionHierarchyDefinition } from '@ledger/domain';
import { DEMO_AGENCY, DEMO_SEED, DemoPlan, DemoYear, jiangmenPlan } from './jiangmen-plan';

export const DEMO_PROVINCE = { code: '440000', name: '广东省' } as const;
export const DEMO_CITY = { code: '440700', name: '江门市' } as const;

/** Jiangmen's districts and county-level cities (GB/T 2260 codes), and the slug of their bureau ids. */
export const DEMO_DISTRICTS: readonly { code: string; name: string; slug: string; bureau: string }[] = [
  { code: '440703', name: '蓬江区', slug: 'pengjiang', bureau: '江门市公安局蓬江分局' },
  { code: '440704', name: '江海区', slug: 'jianghai', bureau: '江门市公安局江海分局' },
  { code: '440705', name: '新会区', slug: 'xinhui', bureau: '江门市公安局新会分局' },
  { code: '440781', name: '台山市', slug: 'taishan', bureau: '台山市公安局' },
  { code: '440783', name: '开平市', slug: 'kaiping', bureau: '开平市公安局' },
  { code: '440784', name: '鹤山市', slug: 'heshan', bureau: '鹤山市公安局' },
  { code: '440785', name: '恩平市', slug: 'enping', bureau: '恩平市公安局' },
];

export const MAX_DEMO_AGENCIES = 1000;

export interface CityPlanOptions {
  /** Agencies in the city, the city bureau included (1 = the single-agency demo). */
  readonly agencies: number;
  /** The city bureau's share of the seed volume; the others take a fraction of it. */
  readonly scale?: number;
  readonly years?: readonly DemoYear[];
}

export interface CityPlan {
  /** The province, the city, its districts, and every agency placed in one of them. */
  readonly hierarchy: RegionHierarchyDefinition;
  /** The city bureau's plan first (the single-agency demo's), then the others'. */
  readonly plans: readonly DemoPlan[];
}

/**
 * Volume of the k-th other agency (k ≥ 1) relative to the city bureau: 1/2, 1/3, 1/4, 1/5,
 * then the cycle again, so a district-level bureau handles a fraction of the city's work.
 */
const shareOf = (k: number) => 1 / (2 + ((k - 1) % 4));

export function cityPlan(options: CityPlanOptions): CityPlan {
  const n = options.agencies;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DEMO_AGENCIES)
    throw new RangeError(`agencies must be a whole number from 1 to ${MAX_DEMO_AGENCIES}, got ${n}`);
  const scale = options.scale ?? 1;
  const years = options.years;
  const plans: DemoPlan[] = [jiangmenPlan({ scale, years })];
  const placements: { agency: string; name: string; region: string }[] = [
    { agency: DEMO_AGENCY, name: '江门市公安局', region: DEMO_CITY.code },
  ];
  for (let k = 1; k < n; k++) {
    const district = DEMO_DISTRICTS[(k - 1) % DEMO_DISTRICTS.length];
    const round = Math.floor((k - 1) / DEMO_DISTRICTS.length);
    const agency = round === 0 ? `${district.slug}-psb` : `${district.slug}-psb-${round + 1}`;
    const name = round === 0 ? district.bureau : `${district.bureau}（${round + 1}）`;
    plans.push({ ...jiangmenPlan({ scale: scale * shareOf(k), years, seed: DEMO_SEED + k }), agency });
    placements.push({ agency, name, region: district.code });
  }
  const districts = DEMO_DISTRICTS.slice(0, Math.min(DEMO_DISTRICTS.length, n - 1));
  return {
    hierarchy: {
      regions: [
        { ...DEMO_PROVINCE, level: 'province', parent: null },
        { ...DEMO_CITY, level: 'city', parent: DEMO_PROVINCE.code },
        ...districts.map((d) => ({ code: d.code, name: d.name, level: 'county' as const, parent: DEMO_CITY.code })),
      ],
      agencies: placements,
    },
    plans,
  };
}
