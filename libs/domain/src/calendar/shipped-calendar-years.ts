import { CalendarYear } from './calendar-year';
import cn2019 from './data/cn-2019.json';
import cn2020 from './data/cn-2020.json';
import cn2021 from './data/cn-2021.json';
import cn2022 from './data/cn-2022.json';
import cn2023 from './data/cn-2023.json';
import cn2024 from './data/cn-2024.json';
import cn2025 from './data/cn-2025.json';
import cn2026 from './data/cn-2026.json';

/**
 * The mainland-China arrangements shipped with the ledger. Imported rather than read from disk
 * so that `tsc` copies the JSON into `dist/` and the build needs no path juggling at runtime;
 * the files stay plain JSON that operators can copy as templates for other years.
 */
export const SHIPPED_CALENDAR_YEARS: readonly CalendarYear[] = [
  cn2019,
  cn2020,
  cn2021,
  cn2022,
  cn2023,
  cn2024,
  cn2025,
  cn2026,
];
