import { plainToInstance } from 'class-transformer';
import { ValidationError as ClassValidationError, validate } from 'class-validator';

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
      out.push({ field, message: error.constraints?.whitelistValidation === message ? `unknown field ${field}` : message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The same rules as the HTTP ValidationPipe: whitelist, reject unknown fields, no implicit conversion. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export async function validateInput<D extends object>(dto: new () => D, plain: unknown): Promise<D> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) throw new InputValidationError([{ field: '(body)', message: 'must be a JSON object' }]);
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, VALIDATION_OPTIONS);
  if (errors.length) throw new InputValidationError(flattenValidationErrors(errors));
  return instance;
}
