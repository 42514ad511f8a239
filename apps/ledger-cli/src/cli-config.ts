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
