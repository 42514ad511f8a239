/**
 * What the figures keep of each licence: where it belongs, its periods of validity as they
 * became known, how its effect ended, and the day of every counted fact of its stream. The
 * year's counts and the licences in force at a year end are read from these records
 * (`licence-figures.ts`); licences are few beside applications, so a read may walk them all.
 */

/** The licence facts the figures count, as small codes in a record's `facts`. */
export const LICENCE_FACTS = [
  'granted',
  'changesApplied',
  'changesApproved',
  'changesRefused',
  'renewalsApplied',
  'renewed',
  'renewalsRefused',
  'renewalsDecidedBeforeExpiry',
  'renewalsDecidedAfterExpiry',
  'deemedRenewals',
  'withdrawn',
  'revoked',
  'cancelled',
  'usesSuspended',
  'postGrantInspections',
] as const;
export type LicenceFact = (typeof LICENCE_FACTS)[number];
export const FACT_CODE: Readonly<Record<LicenceFact, number>> = Object.fromEntries(
  LICENCE_FACTS.map((name, code) => [name, code]),
) as Record<LicenceFact, number>;

/** A last day of validity for a licence without a term. */
export const NO_EXPIRY = Number.MAX_SAFE_INTEGER;

export interface LicenceRecord {
  readonly department: string;
  readonly itemCode?: string;
  /** Local day numbers: valid and known to be valid from `from` through `until` (inclusive). */
  readonly periods: Array<[from: number, until: number]>;
  /** The first withdrawal, revocation or cancellation: in force no more from that day. */
  endedDay?: number;
  /** Counted facts: [fact code, local day number]. */
  readonly facts: Array<[code: number, day: number]>;
}

export type LicenceRecordJson = [
  id: string,
  department: string,
  itemCode: string | null,
  periods: Array<[number, number]>,
  endedDay: number | null,
  facts: Array<[number, number]>,
];

export function licenceRecordToJson(id: string, r: LicenceRecord): LicenceRecordJson {
  return [id, r.department, r.itemCode ?? null, r.periods, r.endedDay ?? null, r.facts];
}

export function licenceRecordFromJson([
  ,
  department,
  itemCode,
  periods,
  endedDay,
  facts,
]: LicenceRecordJson): LicenceRecord {
  return {
    department,
    ...(itemCode !== null ? { itemCode } : {}),
    periods: periods.map(([from, until]) => [from, until]),
    ...(endedDay !== null ? { endedDay } : {}),
    facts: facts.map(([code, day]) => [code, day]),
  };
}

/** The last day of validity as it stands (the latest period's), or undefined before any. */
export function currentExpiry(record: LicenceRecord): number | undefined {
  return record.periods.length === 0 ? undefined : record.periods[record.periods.length - 1][1];
}

/** In force at the end of `day`: within a period known by then, and not ended by then. */
export function inForceOn(record: LicenceRecord, day: number): boolean {
  if (record.endedDay !== undefined && record.endedDay <= day) return false;
  return record.periods.some(([from, until]) => from <= day && day <= until);
}
