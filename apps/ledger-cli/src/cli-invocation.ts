import * as path from 'node:path';

/**
 * How the operator runs this CLI, for commands we suggest: `ledger` when installed, and
 * `npm run ledger --` from a checkout (run through npm, or from the TypeScript sources), where
 * `ledger` is not on the PATH.
 */
export function cliInvocation(env: NodeJS.ProcessEnv = process.env, script: string = process.argv[1] ?? ''): string {
  const fromCheckout = env.npm_lifecycle_event !== undefined || path.extname(script) === '.ts';
  return fromCheckout ? 'npm run ledger --' : 'ledger';
}
