/**
 * The counts kept per agency, year and breakdown key, as slots of one Float64Array: the hot
 * path of a rebuild increments three of these (agency total, department, item) per event.
 */
export const RECEIVED = 0;
export const ACCEPTED = 1;
export const NOT_ACCEPTED = 2;
export const WITHDRAWN = 3;
/** Accepted in this year: starts being pending. */
export const PENDING_IN = 4;
/** Closed (decided or withdrawn) in this year, or accepted this year after closing: stops being pending. */
export const PENDING_OUT = 5;
export const DECIDED = 6;
export const GRANTED = 7;
export const DENIED = 8;
export const ON_TIME = 9;
export const OVERDUE = 10;
export const DEADLINE_UNKNOWN = 11;
export const DISCLOSED = 12;
export const EXEMPT = 13;
export const GRANTED_DISCLOSABLE = 14;
export const EXTERNAL_SUPERVISION = 15;
export const ENFORCEMENT_INSPECTIONS = 16;
export const CASE_FILES_REVIEWED = 17;
export const COMPLAINTS_RECEIVED = 18;
export const COMPLAINTS_VALID = 19;
export const RECONSIDERATIONS = 20;
export const LITIGATIONS = 21;
export const RECTIFICATIONS_REQUIRED = 22;
export const RECTIFICATIONS_COMPLETED = 23;
/** RATING_1 + level − 1 for levels 1–5. */
export const RATING_1 = 24;
export const BAD_RATINGS_RECTIFIED = 29;
export const ELECTRONIC_CERTIFICATES = 30;
export const CERTIFICATES_MAILED = 31;
export const COUNTER_COUNT = 32;

export type Counters = Float64Array;

export const newCounters = (): Counters => new Float64Array(COUNTER_COUNT);

/** Counters as a short JSON array (trailing zeros dropped). */
export function countersToJson(counters: Counters): number[] {
  let end = counters.length;
  while (end > 0 && counters[end - 1] === 0) end--;
  return Array.from(counters.subarray(0, end));
}

export function countersFromJson(values: readonly number[]): Counters {
  const counters = newCounters();
  counters.set(values.slice(0, COUNTER_COUNT));
  return counters;
}
