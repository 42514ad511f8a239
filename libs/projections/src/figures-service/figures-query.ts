import { ValidationError, instantProblem, instantToUtc, isInstant } from '@ledger/domain';

export interface FiguresQuery {
  readonly agency: string;
  readonly year: number;
  /** Count only what the ledger had recorded by this instant (ledger time). */
  readonly asOf?: string;
}

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

/** Checks the raw path and query values; a bad one is a 400 naming the field. */
export function parseFiguresQuery(rawYear: string, agency: string, rawAsOf: string | undefined): FiguresQuery {
  if (!/^\d{4}$/.test(rawYear) || Number(rawYear) < MIN_YEAR || Number(rawYear) > MAX_YEAR) {
    throw new ValidationError(
      'FIGURES.YEAR',
      `year must be a number from ${MIN_YEAR} to ${MAX_YEAR}, got "${rawYear}"`,
      'year',
    );
  }
  if (rawAsOf !== undefined && rawAsOf !== '' && !isInstant(rawAsOf)) {
    throw new ValidationError('FIGURES.AS_OF', `${instantProblem('asOf', rawAsOf)}; got "${rawAsOf}"`, 'asOf');
  }
  return {
    agency,
    year: Number(rawYear),
    ...(rawAsOf ? { asOf: instantToUtc(rawAsOf, 'asOf', 'FIGURES.AS_OF') } : {}),
  };
}
