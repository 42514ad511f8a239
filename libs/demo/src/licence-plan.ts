/**
 * The licences of the demo: every grant of a licensed item creates one (许可证: special trades,
 * a shooting range, security guards' cards, multi-use precursor transport permits), and a
 * plausible share of them lead a life after the grant — post-grant inspections, change
 * applications, suspensions of use, withdrawals, revocations, cancellations when the holder
 * is gone, and, for the one-year permits, renewals in the following year (decided before
 * expiry, deemed, or refused and cancelled) or cancellation once they lapse.
 *
 * Pure data like the rest of the plan: which licences lead which life is chosen here, by count
 * and by position in the year's filings; the schedule (`licence-schedule.ts`) turns each into
 * commands at business times that keep every fact in the year this plan counts it in. None of
 * it touches the applications' figures, so the seed report's figures stay as they are.
 */
import type { LicenceCounts, LicenceFigures } from '@ledger/projections';
import { apportion } from './demo-math';
import { DemoItem } from './jiangmen-catalogue';

/** `one-year`: valid twelve months from the grant; `none`: without a term. */
export type LicenceTerm = 'none' | 'one-year';

export interface LicensedItem {
  readonly code: string;
  readonly term: LicenceTerm;
}

/** The items whose grant is a licence the holder keeps (the other items' results are documents, passes or registrations). */
export const LICENSED_ITEMS: readonly LicensedItem[] = [
  { code: 'ZA-001', term: 'none' }, // 旅馆业特种行业许可证
  { code: 'ZA-004', term: 'none' }, // 公章刻制业特种行业许可证
  { code: 'ZA-007', term: 'none' }, // 典当业特种行业许可证
  { code: 'ZA-022', term: 'none' }, // 营业性射击场
  { code: 'ZA-024', term: 'none' }, // 保安员证
  // 《易制毒化学品购销和运输管理办法》: a transport permit for repeated use is valid for twelve months.
  { code: 'JD-004', term: 'one-year' },
  { code: 'JD-005', term: 'one-year' },
  // Road passes issued for a year at a time.
  { code: 'JJ-031', term: 'one-year' }, // 危险化学品运输车辆限制通行区域通行许可
  { code: 'JJ-032', term: 'one-year' }, // 货车城区通行证
];

export const LICENCE_TERMS: ReadonlyMap<string, LicenceTerm> = new Map(LICENSED_ITEMS.map((i) => [i.code, i.term]));

/** The counted licence facts (the figures' `licences` section without the stock at year end). */
export type LicenceFactName = Exclude<keyof LicenceCounts, 'inForceAtYearEnd'>;

export type LicenceStoryKind =
  | 'renewal-refused'
  | 'deemed-renewed'
  | 'renewed'
  | 'withdrawn'
  | 'revoked'
  | 'holder-terminated'
  | 'holder-died'
  | 'use-suspended'
  | 'change-refused'
  | 'change-approved'
  | 'inspected';

export interface LicenceStoryRule {
  /** Share of the eligible licences granted in a year, at full volume; at least one whenever a licence is eligible. */
  readonly share: number;
  /** Only licences held by a person, or by an organisation. */
  readonly holder?: 'person' | 'organisation';
  /** A renewal story: a one-year licence, in the year after its grant (only when the plan writes that year). */
  readonly nextYear?: true;
  /** The facts it adds to the figures, in the year of the grant or, for a renewal story, the next. */
  readonly facts: readonly LicenceFactName[];
  /** In force no more afterwards: withdrawn, revoked, refused renewal or cancelled. */
  readonly ends?: true;
  /** Renewed (decided or deemed): in force at the end of the next year. */
  readonly renews?: true;
  /** Commands it takes after the grant. */
  readonly commands: number;
}

/**
 * Each life a licence may lead, in the order the licences are handed out: the one-year
 * licences' renewals first, then the rarest lives, so a small demo still shows each of them.
 * One licence leads at most one.
 */
export const LICENCE_STORIES: Readonly<Record<LicenceStoryKind, LicenceStoryRule>> = {
  // 第五十条: refused before expiry, cancelled once expired.
  'renewal-refused': {
    share: 0.03,
    nextYear: true,
    facts: ['renewalsApplied', 'renewalsRefused', 'renewalsDecidedBeforeExpiry', 'cancelled'],
    ends: true,
    commands: 3,
  },
  'deemed-renewed': {
    share: 0.05,
    nextYear: true,
    facts: ['renewalsApplied', 'deemedRenewals'],
    renews: true,
    commands: 2,
  },
  renewed: {
    share: 0.55,
    nextYear: true,
    facts: ['renewalsApplied', 'renewed', 'renewalsDecidedBeforeExpiry'],
    renews: true,
    commands: 2,
  },
  // 第八条: e.g. the premises fall within an urban renewal area; compensated, then cancelled.
  withdrawn: { share: 0.002, holder: 'organisation', facts: ['withdrawn', 'cancelled'], ends: true, commands: 2 },
  // 第六十九条第二款: obtained with false materials; then cancelled.
  revoked: { share: 0.001, facts: ['revoked', 'cancelled'], ends: true, commands: 2 },
  // 第七十条(三) and (二): the cause recorded, then the cancellation.
  'holder-terminated': { share: 0.02, holder: 'organisation', facts: ['cancelled'], ends: true, commands: 2 },
  'holder-died': { share: 0.0005, holder: 'person', facts: ['cancelled'], ends: true, commands: 2 },
  // 暂扣许可证件 for a few weeks, then resumed.
  'use-suspended': { share: 0.01, holder: 'organisation', facts: ['usesSuspended'], commands: 2 },
  'change-refused': { share: 0.005, facts: ['changesApplied', 'changesRefused'], commands: 2 },
  'change-approved': { share: 0.04, facts: ['changesApplied', 'changesApproved'], commands: 2 },
  // 双随机抽查 of licensees (《江门市公安局被许可事项监管办法》), security guards at their posts included.
  inspected: { share: 0.05, facts: ['postGrantInspections'], commands: 1 },
};

const STORY_KINDS = Object.keys(LICENCE_STORIES) as LicenceStoryKind[];

/**
 * Where in the year's filings the licences with a life are granted: early enough for a story
 * of the same year to end before 31 December; for a renewal story, late enough that the
 * renewal is applied for in the next year and early enough that a deemed renewal or a
 * cancellation after expiry falls in it too (the schedule checks each).
 */
const SAME_YEAR_WINDOW = [0.02, 0.5] as const;
const RENEWAL_WINDOW = [0.25, 0.8] as const;

export interface LicenceStory {
  readonly itemCode: string;
  readonly kind: LicenceStoryKind;
  /** Where in the year's filings its application falls, as a fraction of the year's applications. */
  readonly position: number;
}

export interface LicenceYearPlan {
  /** Licences granted in the year per licensed item code: one for every grant of the item. */
  readonly granted: Readonly<Record<string, number>>;
  readonly stories: readonly LicenceStory[];
  /** The plan writes the next year too: renewal stories, and one-year licences cancelled once they lapse. */
  readonly nextYearWritten: boolean;
}

/** Hands the year's lives out to its licences, by item, in proportion to the licences each item has left. */
export function licenceYearPlan(
  catalogue: readonly DemoItem[],
  grantsOf: (code: string) => number,
  nextYearWritten: boolean,
): LicenceYearPlan {
  const items = LICENSED_ITEMS.map((licensed) => ({
    ...licensed,
    holder: catalogue.find((c) => c.code === licensed.code)!.applicant,
  }));
  const granted = Object.fromEntries(items.map((i) => [i.code, grantsOf(i.code)]));
  const left = new Map(items.map((i) => [i.code, granted[i.code]]));
  // One one-year licence is held back to lapse, so that a small demo shows a cancellation on expiry too.
  const lapsing = nextYearWritten ? items.find((i) => i.term === 'one-year' && granted[i.code] > 0) : undefined;
  if (lapsing) left.set(lapsing.code, left.get(lapsing.code)! - 1);
  const byKind: LicenceStory[][] = [];
  for (const kind of STORY_KINDS) {
    const rule = LICENCE_STORIES[kind];
    const eligible = items.filter(
      (i) =>
        (rule.holder === undefined || rule.holder === i.holder) &&
        (!rule.nextYear || (nextYearWritten && i.term === 'one-year')),
    );
    const pool = eligible.reduce((s, i) => s + granted[i.code], 0);
    const room = eligible.reduce((s, i) => s + left.get(i.code)!, 0);
    const count = pool === 0 ? 0 : Math.min(room, Math.max(1, Math.round(rule.share * pool)));
    // Never more than an item has left: `apportion` of a total no larger than the weights' sum keeps each part within its weight.
    const parts = apportion(
      count,
      eligible.map((i) => left.get(i.code)!),
    );
    const stories: LicenceStory[] = [];
    eligible.forEach((i, k) => {
      left.set(i.code, left.get(i.code)! - parts[k]);
      for (let n = 0; n < parts[k]; n++) stories.push({ itemCode: i.code, kind, position: 0 });
    });
    byKind.push(stories);
  }
  return { granted, stories: spread(byKind), nextYearWritten };
}

/** Interleaves the kinds (each spread evenly) and places them in their window of the year. */
function spread(byKind: readonly LicenceStory[][]): LicenceStory[] {
  const place = (stories: LicenceStory[], [lo, hi]: readonly [number, number]) =>
    stories.map((s, rank) => ({ ...s, position: lo + ((hi - lo) * (rank + 0.5)) / stories.length }));
  const keyed = byKind.flatMap((stories, k) => stories.map((s, j) => ({ s, key: (j + 0.5) / stories.length, k })));
  keyed.sort((a, b) => a.key - b.key || a.k - b.k);
  const ordered = keyed.map((x) => x.s);
  return [
    ...place(
      ordered.filter((s) => !LICENCE_STORIES[s.kind].nextYear),
      SAME_YEAR_WINDOW,
    ),
    ...place(
      ordered.filter((s) => LICENCE_STORIES[s.kind].nextYear),
      RENEWAL_WINDOW,
    ),
  ];
}

/** One-year licences of the year that simply lapse in the next one (no renewal story, not ended before): cancelled then. */
export function lapsingLicences(licences: LicenceYearPlan): Record<string, number> {
  if (!licences.nextYearWritten) return {};
  const out: Record<string, number> = {};
  for (const { code, term } of LICENSED_ITEMS) {
    if (term !== 'one-year') continue;
    const taken = licences.stories.filter(
      (s) => s.itemCode === code && (LICENCE_STORIES[s.kind].ends || LICENCE_STORIES[s.kind].nextYear),
    ).length;
    out[code] = licences.granted[code] - taken;
  }
  return out;
}

/** The commands the year's licences take: the grants, the stories, the lapsed ones' cancellations. */
export function licenceCommandCount(licences: LicenceYearPlan): number {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
  return (
    sum(licences.granted) +
    licences.stories.reduce((s, story) => s + LICENCE_STORIES[story.kind].commands, 0) +
    sum(lapsingLicences(licences))
  );
}

type MutableCounts = { -readonly [K in keyof LicenceCounts]: number };
const zero = (): MutableCounts => ({
  granted: 0,
  changesApplied: 0,
  changesApproved: 0,
  changesRefused: 0,
  renewalsApplied: 0,
  renewed: 0,
  renewalsRefused: 0,
  renewalsDecidedBeforeExpiry: 0,
  renewalsDecidedAfterExpiry: 0,
  deemedRenewals: 0,
  withdrawn: 0,
  revoked: 0,
  cancelled: 0,
  usesSuspended: 0,
  postGrantInspections: 0,
  inForceAtYearEnd: 0,
});

/**
 * The `licences` section the year's events must add up to: the year's grants and stories, the
 * previous year's renewal stories and lapses, and the licences in force on 31 December (those
 * of the year not ended; the previous year's without a term not ended, and its one-year ones
 * renewed). The plan's years are consecutive, so nothing older is in force.
 */
export function expectedLicenceFigures(
  departmentOf: (code: string) => string,
  current: LicenceYearPlan,
  previous: LicenceYearPlan | undefined,
): LicenceFigures {
  const byDepartment = new Map<string, MutableCounts>();
  const add = (code: string, fact: keyof LicenceCounts, n = 1) => {
    if (n === 0) return;
    const department = departmentOf(code);
    let counts = byDepartment.get(department);
    if (!counts) byDepartment.set(department, (counts = zero()));
    counts[fact] += n;
  };
  const ended = (plan: LicenceYearPlan, code: string) =>
    plan.stories.filter((s) => s.itemCode === code && !LICENCE_STORIES[s.kind].nextYear && LICENCE_STORIES[s.kind].ends)
      .length;

  for (const { code } of LICENSED_ITEMS) {
    add(code, 'granted', current.granted[code]);
    add(code, 'inForceAtYearEnd', current.granted[code] - ended(current, code));
  }
  for (const story of current.stories) {
    const rule = LICENCE_STORIES[story.kind];
    if (!rule.nextYear) for (const fact of rule.facts) add(story.itemCode, fact);
  }
  if (previous) {
    for (const { code, term } of LICENSED_ITEMS)
      if (term === 'none') add(code, 'inForceAtYearEnd', previous.granted[code] - ended(previous, code));
    for (const story of previous.stories) {
      const rule = LICENCE_STORIES[story.kind];
      if (!rule.nextYear) continue;
      for (const fact of rule.facts) add(story.itemCode, fact);
      if (rule.renews) add(story.itemCode, 'inForceAtYearEnd');
    }
    for (const [code, n] of Object.entries(lapsingLicences(previous))) add(code, 'cancelled', n);
  }

  const total = zero();
  for (const counts of byDepartment.values())
    for (const key of Object.keys(total) as (keyof LicenceCounts)[]) total[key] += counts[key];
  const departments = [...byDepartment.keys()].sort();
  return { ...total, byDepartment: Object.fromEntries(departments.map((d) => [d, byDepartment.get(d)!])) };
}
