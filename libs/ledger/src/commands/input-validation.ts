import { plainToInstance } from 'class-transformer';
import { ValidationError as ClassValidationError, validate } from 'class-validator';
import { headerTokenProblem, jsonTextProblems, lineTextProblem } from './text-rules';
import { memoiseValidationMetadata } from './validation-metadata-cache';

// Here, where the ledger's validation rules live: the HTTP ValidationPipe shares the process's
// class-validator metadata storage, so commands validated either way look their rules up once.
memoiseValidationMetadata();

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Input that failed validation at the door; carries one problem per field. */
export class InputValidationError extends Error {
  readonly code = 'INPUT.INVALID';
  constructor(readonly errors: readonly FieldProblem[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'InputValidationError';
  }
}

/** Flattens class-validator's tree into `{ field, message }` with dotted paths (`applicant.name`). */
export function flattenValidationErrors(errors: readonly ClassValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // forbidNonWhitelisted says "property x should not exist": say it in the contract's words.
      out.push({
        field,
        message: error.constraints?.whitelistValidation === message ? `unknown field ${field}` : message,
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The same rules as the HTTP ValidationPipe: whitelist, reject unknown fields, no implicit conversion. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export async function validateInput<D extends object>(dto: new () => D, plain: unknown): Promise<D> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain))
    throw new InputValidationError([{ field: '(body)', message: 'must be a JSON object' }]);
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, VALIDATION_OPTIONS);
  if (errors.length) throw new InputValidationError(flattenValidationErrors(errors));
  return instance;
}

/** Refuses JSON the ledger cannot canonicalise or print safely (see `text-rules.ts`), naming every bad field; `root` names the whole value. */
export function requireCanonicalText(plain: unknown, root: string): void {
  const problems = jsonTextProblems(plain, root);
  if (problems.length) throw new InputValidationError(problems);
}

/** What a command carries besides its body, checked before it is stored with every event. */
export interface StoredCommandValues {
  readonly actor: string;
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Path parameters (HTTP) or their import-line fields: ids of existing records. */
  readonly params: Readonly<Record<string, string>>;
}

/** Header values are short printable tokens; the actor and ids are single lines of well-formed text. */
export function requireStorableCommandValues(values: StoredCommandValues): void {
  const problems: FieldProblem[] = [];
  const token = (field: string, value: string | undefined) => {
    const problem = value === undefined ? undefined : headerTokenProblem(value);
    if (problem) problems.push({ field, message: `${field} ${problem}` });
  };
  token('Idempotency-Key', values.idempotencyKey);
  token('X-Correlation-Id', values.correlationId);
  token('X-Causation-Id', values.causationId);
  const actorProblem = lineTextProblem(values.actor);
  if (actorProblem) problems.push({ field: 'actor', message: `actor ${actorProblem}` });
  for (const [name, value] of Object.entries(values.params)) {
    const problem = lineTextProblem(value);
    if (problem) problems.push({ field: name, message: `${name} ${problem}` });
  }
  if (problems.length) throw new InputValidationError(problems);
}
