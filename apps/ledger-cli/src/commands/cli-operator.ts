import * as os from 'node:os';
import type { CommandPrincipal } from '@ledger/ledger';

/**
 * The operator at the command line, as access-log events record them: the actor and principal
 * `cli:<os user>` (the command line acts under its own name) and the OS account itself in the
 * event's data.
 */
export function cliOperator(): { readonly actor: string; readonly principal: string; readonly osUser: string } {
  let osUser: string;
  try {
    osUser = os.userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the numeric id is still an identity.
    osUser = `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return { actor: `cli:${osUser}`, principal: `cli:${osUser}`, osUser };
}

/**
 * The command line as the principal of what it records. It runs with the data directory's
 * filesystem rights (it could write the store directly), so an agency limit would protect
 * nothing: it acts for every agency, and may record lines in the names of the clerks they name.
 * `actor` is the name for lines that name none.
 */
export function cliPrincipal(actor?: string): CommandPrincipal {
  const operator = cliOperator();
  return { id: operator.actor, actor: actor ?? operator.actor, agencies: '*', canRelay: true };
}

/** The rule every recorded read or export shares: a purpose, said in words. */
export function requirePurpose(purpose: string | undefined, what: string): string {
  if (!purpose?.trim())
    throw new Error(
      `say why with --purpose "…": ${what} is recorded with its purpose (and your OS user) on the access log`,
    );
  return purpose;
}
