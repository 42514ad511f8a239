/**
 * POST /v1/indicators: a figure another system reports for a year, with its unit and source
 * (e.g. seals carved: 55122 枚, from the seal-management system). Resending the same figure is
 * harmless; a different figure for the same name and year supersedes the earlier one.
 */
export type ReportIndicator = Readonly<{
  type: 'ReportIndicator';
  name: string;
  year: number;
  value: number;
  unit: string;
  source: string;
  /** When the source system reported it (business time). */
  at: string;
}>;

export type IndicatorCommand = ReportIndicator;
