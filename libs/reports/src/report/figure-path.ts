/**
 * A figure's address in the yearly figures document (`GET /v1/figures/{year}`): keys joined by
 * dots, e.g. `decisions.total`, `items.byDepartment.治安`, `previousYear.effect.satisfactionRate.percent`.
 * In an array of named entries (the indicators) a segment selects the entry by name:
 * `indicators.公章刻制.value`. No dependencies, so the dashboard's bundle can use it too.
 */
export function figureAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) current = current.find((entry) => (entry as { name?: unknown })?.name === segment);
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/** How a figure is printed in the report: the number as the API states it, without grouping (as the seed prints 410054). */
export function formatFigure(value: unknown, unit = ''): string {
  if (typeof value === 'number') return `${Number.isInteger(value) ? value : String(value)}${unit}`;
  return `${String(value)}${unit}`;
}
