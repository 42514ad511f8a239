import * as path from 'node:path';
import { CliEnvironment, loadCliEnvironment } from './cli-config';

/**
 * How the operator runs this CLI, for commands we suggest: `ledger` when installed, and
 * `npm run ledger --` from a checkout (run through npm, or from the TypeScript sources), where
 * `ledger` is not on the PATH.
 */
export function cliInvocation(
  environment: CliEnvironment = loadCliEnvironment(),
  script: string = process.argv[1] ?? '',
): string {
  const fromCheckout = environment.npmScript !== undefined || path.extname(script) === '.ts';
  return fromCheckout ? 'npm run ledger --' : 'ledger';
}
