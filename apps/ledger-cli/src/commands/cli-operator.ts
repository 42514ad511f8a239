import * as os from 'node:os';

/**
 * The operator at the command line, as access-log events record them: the actor `cli:<os user>`
 * (what `metadata.principal` holds for CLI events) and the OS account itself in the event's data.
 */
export function cliOperator(): { readonly actor: string; readonly osUser: string } {
  let osUser: string;
  try {
    osUser = os.userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the numeric id is still an identity.
    osUser = `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return { actor: `cli:${osUser}`, osUser };
}

/** The rule every recorded read or export shares: a purpose, said in words. */
export function requirePurpose(purpose: string | undefined, what: string): string {
  if (!purpose?.trim())
    throw new Error(
      `say why with --purpose "…": ${what} is recorded with its purpose (and your OS user) on the access log`,
    );
  return purpose;
}
