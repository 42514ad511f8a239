import { existsSync } from 'node:fs';

/**
 * Configuration of the reports (environment variables, each with its default):
 * - `LEDGER_CHROMIUM_PATH`: the Chromium that prints PDFs (default `/usr/bin/chromium`, Debian's
 *   `chromium` package; fonts from `fonts-noto-cjk`);
 * - `LEDGER_AGENCY_NAMES`: JSON object of agency id → name as it signs, added to the built-in
 *   table (e.g. `{"kaiping-psb":"开平市公安局"}`).
 */
export interface ReportsConfig {
  readonly chromiumPath: string;
  readonly agencyNames: Readonly<Record<string, string>>;
}

export const REPORTS_CONFIG = Symbol('REPORTS_CONFIG');

/** Agencies whose names the ledger knows without configuration. */
export const KNOWN_AGENCY_NAMES: Readonly<Record<string, string>> = { 'jiangmen-psb': '江门市公安局' };

export function loadReportsConfig(env: NodeJS.ProcessEnv = process.env): ReportsConfig {
  let extra: Record<string, string> = {};
  if (env.LEDGER_AGENCY_NAMES) {
    try {
      extra = JSON.parse(env.LEDGER_AGENCY_NAMES) as Record<string, string>;
    } catch {
      throw new Error('LEDGER_AGENCY_NAMES must be a JSON object of agency id → name, e.g. {"kaiping-psb":"开平市公安局"}');
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra) || Object.values(extra).some((v) => typeof v !== 'string')) {
      throw new Error('LEDGER_AGENCY_NAMES must be a JSON object whose values are names');
    }
  }
  return { chromiumPath: env.LEDGER_CHROMIUM_PATH || '/usr/bin/chromium', agencyNames: { ...KNOWN_AGENCY_NAMES, ...extra } };
}

export function chromiumAvailable(config: ReportsConfig): boolean {
  return existsSync(config.chromiumPath);
}
