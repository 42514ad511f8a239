import { ForbiddenError } from '@ledger/domain';

/**
 * The part of the authenticated caller a command needs (structurally the `Principal` of
 * `@ledger/operations`, which depends on this lib and so cannot be imported here).
 */
export interface CommandPrincipal {
  /** Recorded as `metadata.principal`: `api-key:<key id>`, `jwt:<issuer>:<subject>`, `cli:<os user>`, `demo`. */
  readonly id: string;
  /** The name it acts under when the command names no actor. */
  readonly actor: string;
  readonly agencies: '*' | readonly string[];
  readonly canRelay: boolean;
  readonly defaultAgency?: string;
}

/** The codes of the refusals below, for clients and tests. */
export const AGENCY_FORBIDDEN = 'ACCESS.AGENCY_FORBIDDEN';
export const RELAY_FORBIDDEN = 'ACTOR.RELAY_FORBIDDEN';

/**
 * The agency a command is for, and the proof that its principal may act there: the body's agency,
 * else the principal's only agency, else the deployment's. Refused (403, nothing recorded) when
 * the principal does not act for it.
 */
export function agencyForCommand(
  named: string | undefined,
  principal: CommandPrincipal | undefined,
  deploymentAgency: string,
): string {
  const agency = named ?? principal?.defaultAgency ?? deploymentAgency;
  if (!principal || principal.agencies === '*' || principal.agencies.includes(agency)) return agency;
  const yours = principal.agencies.length ? `it acts for ${principal.agencies.join(', ')}` : 'it acts for no agency';
  throw new ForbiddenError(
    AGENCY_FORBIDDEN,
    named === undefined
      ? `name the agency: ${principal.id} may not record facts for ${agency} (the default agency), ${yours}`
      : `${principal.id} may not record facts for agency ${agency}: ${yours}`,
    'agency',
  );
}

/**
 * The actor a command is recorded for. A principal acts under its own name; naming someone else
 * (an upstream system forwarding a clerk's act) is for principals allowed to relay only, since
 * otherwise any key could put a supervisor's name on a fact.
 */
export function actorForCommand(
  named: string | undefined,
  principal: CommandPrincipal | undefined,
  fallback: string | undefined,
): string {
  if (!principal) return named ?? fallback ?? 'anonymous';
  if (named === undefined || named === principal.actor) return named ?? principal.actor;
  if (principal.canRelay) return named;
  throw new ForbiddenError(
    RELAY_FORBIDDEN,
    `${principal.id} records facts as "${principal.actor}" and may not name another actor ("${named}"); upstream systems that record for others need a key created with --relay or the relay role`,
    'actor',
  );
}
