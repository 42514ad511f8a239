/**
 * Domain errors carry a stable `code` and a `kind`; one exception filter maps kinds to HTTP
 * problem details (validation 400, forbidden 403, not found 404, conflict 409, illegal transition 422).
 */
export type DomainErrorKind = 'validation' | 'forbidden' | 'not-found' | 'conflict' | 'illegal-transition';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    /** Stable machine-readable code, e.g. `APPLICATION.NOT_ACCEPTED`. */
    readonly code: string,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or breaks a rule about the input itself. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
}

/** The caller is known but may not do this (another agency, another actor's name). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden' as const;
}

/** The thing named does not exist. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
}

/** The state changed under the caller, or the thing already exists. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The law (or common sense) forbids this transition from the current state. */
export class IllegalTransitionError extends DomainError {
  readonly kind = 'illegal-transition' as const;
}
