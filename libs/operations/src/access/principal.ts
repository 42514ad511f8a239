import type { Role } from './roles';

/** Every agency: province- or city-level supervisors, operators, the bootstrap key. */
export const ALL_AGENCIES = '*';

/**
 * The authenticated caller: who (the credential, not whatever a body claims), with which roles,
 * for which agencies, and whether it may record facts on behalf of someone else.
 *
 * `id` is what `metadata.principal` records on every event and what the access log names:
 * - `api-key:<key id>`     an API key from `ledger api-key create`;
 * - `jwt:<issuer>:<sub>`   a token from an agency's identity provider (`-` when it names no issuer);
 * - `cli:<os user>`        the command line, which runs with the data directory's filesystem rights;
 * - `demo`                 the demonstration data;
 * - `development`          LEDGER_AUTH=off (development only).
 *
 * `actor` is the name the principal acts under when a command names no `actor`: the key's name,
 * the token's subject, `cli:<os user>`. A command whose `actor` differs is accepted only when
 * `canRelay` (an upstream system recording a clerk's act).
 */
export interface Principal {
  readonly id: string;
  readonly roles: readonly Role[];
  /** `'*'` for every agency, otherwise the agency codes this principal may write and read. */
  readonly agencies: typeof ALL_AGENCIES | readonly string[];
  /** May record an `actor` other than its own (the `relay` role, or an API key created with `--relay`). */
  readonly canRelay: boolean;
  /** The agency a command or query means when it names none: set when the principal has exactly one. */
  readonly defaultAgency?: string;
  /** The actor name this principal acts under (see above). */
  readonly actor: string;
  /** How the caller authenticated, for the access log (`session`: a browser's session cookie). */
  readonly via: 'api-key' | 'jwt' | 'development' | 'session' | 'cli' | 'demo';
}

/** True when the principal may act on (write or read) records of `agency`. */
export function principalCovers(principal: Pick<Principal, 'agencies'>, agency: string): boolean {
  return principal.agencies === ALL_AGENCIES || principal.agencies.includes(agency);
}

/** The default agency implied by an agency set: its only member, else none. */
export function defaultAgencyOf(agencies: Principal['agencies']): string | undefined {
  return agencies !== ALL_AGENCIES && agencies.length === 1 ? agencies[0] : undefined;
}

/** An agency list as typed on a command line or held in a claim: `*`, or codes separated by commas. */
export function parseAgencies(value: string): Principal['agencies'] {
  const trimmed = value.trim();
  if (trimmed === ALL_AGENCIES) return ALL_AGENCIES;
  const codes = trimmed
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (codes.length === 0) throw new Error('name at least one agency, or * for every agency');
  if (codes.includes(ALL_AGENCIES)) throw new Error('* stands alone: it already means every agency');
  return [...new Set(codes)];
}

/** A readable form of an agency set, for `api-key list` and messages. */
export function describeAgencies(agencies: Principal['agencies']): string {
  return agencies === ALL_AGENCIES ? '*' : agencies.join(',');
}
