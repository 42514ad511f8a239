import { readFileSync } from 'node:fs';

/**
 * The agencies' own names (江门市公安局), by agency id (`jiangmen-psb`): what a report signs with,
 * what a trail and the dashboard show instead of the id. Ids are stable keys in the events; names
 * are configuration, so an agency renamed by an institutional reform is renamed here, not in its
 * history. Read from `LEDGER_AGENCY_NAMES` (a JSON object) and `LEDGER_AGENCY_NAMES_FILE` (a file
 * holding one), on top of the built-in table; the variable wins over the file.
 */
export const BUILT_IN_AGENCY_NAMES: Readonly<Record<string, string>> = { 'jiangmen-psb': '江门市公安局' };

const EXAMPLE = '{"kaiping-psb":"开平市公安局"}';

function parseNames(json: string, where: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${where} must be a JSON object of agency id → name, e.g. ${EXAMPLE}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${where} must be a JSON object of agency id → name, e.g. ${EXAMPLE}`);
  const names: Record<string, string> = {};
  for (const [id, name] of Object.entries(parsed)) {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200)
      throw new Error(`${where}: the name of "${id}" must be a non-empty string of at most 200 characters`);
    names[id] = name.trim();
  }
  return names;
}

export function loadAgencyNames(env: NodeJS.ProcessEnv): Readonly<Record<string, string>> {
  let fromFile: Record<string, string> = {};
  if (env.LEDGER_AGENCY_NAMES_FILE) {
    let content: string;
    try {
      content = readFileSync(env.LEDGER_AGENCY_NAMES_FILE, 'utf8');
    } catch (error) {
      throw new Error(
        `LEDGER_AGENCY_NAMES_FILE ${env.LEDGER_AGENCY_NAMES_FILE} cannot be read: ${(error as Error).message}`,
      );
    }
    fromFile = parseNames(content, `LEDGER_AGENCY_NAMES_FILE ${env.LEDGER_AGENCY_NAMES_FILE}`);
  }
  const fromVariable = env.LEDGER_AGENCY_NAMES ? parseNames(env.LEDGER_AGENCY_NAMES, 'LEDGER_AGENCY_NAMES') : {};
  return { ...BUILT_IN_AGENCY_NAMES, ...fromFile, ...fromVariable };
}

/** The agency's own name, or null when none is configured (callers show the id, or a placeholder). */
export function agencyNameOf(names: Readonly<Record<string, string>> | undefined, agency: string): string | null {
  return Object.prototype.hasOwnProperty.call(names ?? BUILT_IN_AGENCY_NAMES, agency)
    ? (names ?? BUILT_IN_AGENCY_NAMES)[agency]
    : null;
}

/** How a page shows an agency to people: "江门市公安局（jiangmen-psb）", or the id alone when unnamed. */
export function agencyLabel(agency: string, name: string | null): string {
  return name ? `${name}（${agency}）` : agency;
}
