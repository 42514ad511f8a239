import { existsSync } from 'node:fs';

/**
 * Configuration of the reports (environment variables, each with its default):
 * - `LEDGER_CHROMIUM_PATH`: the Chromium that prints PDFs (default `/usr/bin/chromium`, Debian's
 *   `chromium` package; fonts from `fonts-noto-cjk`).
 * The agencies' names come from the ledger configuration (`LedgerConfig.agencyNames`).
 */
export interface ReportsConfig {
  readonly chromiumPath: string;
}

export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  return { chromiumPath: env.LEDGER_CHROMIUM_PATH || '/usr/bin/chromium' };
}

export function chromiumAvailable(config: ReportsConfig): boolean {
  return existsSync(config.chromiumPath);
}
