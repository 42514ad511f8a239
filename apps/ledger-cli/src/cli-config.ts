import { ProjectionsModuleOptions, parsePartitions } from '@ledger/projections';

/**
 * What the CLI reads of its environment besides the ledger's configuration: the user name it
 * records as the default actor (`USER`, which an operator may set for a batch), and whether npm
 * runs it (for the commands it suggests). The principal is the OS account (`cli-operator.ts`).
 */
export interface CliEnvironment {
  /** `USER`, when set. */
  readonly user?: string;
  /** Set when run through an npm script (`npm_lifecycle_event`). */
  readonly npmScript?: string;
}

export function loadCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  return {
    ...(env.USER ? { user: env.USER } : {}),
    ...(env.npm_lifecycle_event !== undefined ? { npmScript: env.npm_lifecycle_event } : {}),
  };
}

/** The actor recorded by a `kind` of command (`cli`, `import`) when `--actor` is not given: `<kind>:<USER>`. */
export function defaultActor(kind: string, environment: CliEnvironment = loadCliEnvironment()): string {
  return `${kind}:${environment.user ?? 'operator'}`;
}

/**
 * The read-model settings the CLI shares with the projector (see the README's table): the
 * partitions of the figures (`LEDGER_PROJECTION_PARTITIONS`), so that `ledger rebuild` and
 * `ledger recover` rebuild the checkpoint rows the projector instances resume from (the PostgreSQL
 * schema they live in, `LEDGER_READ_MODEL_SCHEMA`, is the ledger's setting for every process). Getters: read when the
 * projections are set up, so a bad value fails the command with its message as any setting does,
 * rather than the loading of the CLI's module.
 */
export function cliProjectionsOptions(env: NodeJS.ProcessEnv = process.env): ProjectionsModuleOptions {
  return {
    // The CLI computes figures from the events on demand; the live projection runs in the API or the projector.
    live: false,
    get partitions() {
      return parsePartitions(env.LEDGER_PROJECTION_PARTITIONS);
    },
  };
}
