import { CalendarYear } from './calendar-year';
import cn2019 from './data/cn-2019.json';
import cn2020 from './data/cn-2020.json';
import cn2021 from './data/cn-2021.json';

/**
 * The mainland-China arrangements shipped with the ledger. Imported rather than read from disk
 * so that `tsc` copies the JSON into `dist/` and the build needs no path juggling at runtime;
 * the files stay plain JSON that operators can copy as templates for other years.
 */
export const SHIPPED_CALENDAR_YEARS: readonly CalendarYear[] = [cn2019, cn2020, cn2021];
