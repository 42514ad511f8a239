import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from '@ledger/domain';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  isStorageFull,
} from '@ledger/event-store';
import { FieldProblem, InputValidationError } from '../commands/input-validation';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { StorageHealth } from '../storage/storage-health';
import { ErrorLogThrottle } from './error-log-throttle';

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldProblem[];
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'illegal-transition': 422,
};
const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  422: 'Unprocessable: the law or the record forbids it',
  500: 'Internal error',
  503: 'Unavailable',
  507: 'Insufficient storage',
};

/** The code of a write refused for full storage, whichever file (events, keys, integrity index) refused it. */
export const STORAGE_FULL_CODE = 'STORE.STORAGE_FULL';

/** Stable, documented problem types: `https://ledger.invalid/problems/<code>`. */
const typeFor = (code: string) => `urn:ledger:problem:${code.toLowerCase()}`;

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof InputValidationError) {
    return {
      type: typeFor(error.code),
      title: TITLE_BY_STATUS[400],
      status: 400,
      detail: error.message,
      code: error.code,
      errors: [...error.errors],
    };
  }
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    return {
      type: typeFor(error.code),
      title: TITLE_BY_STATUS[status],
      status,
      detail: error.message,
      code: error.code,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    };
  }
  if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) {
    return {
      type: typeFor(error.code),
      title: TITLE_BY_STATUS[409],
      status: 409,
      detail: error.message,
      code: error.code,
    };
  }
  if (isStorageFull(error)) {
    // RFC 4918 §11.5: the server cannot store what is needed to complete the request.
    return {
      type: typeFor(STORAGE_FULL_CODE),
      title: TITLE_BY_STATUS[507],
      status: 507,
      code: STORAGE_FULL_CODE,
      detail:
        'the ledger cannot store this now: its storage is full. Nothing was recorded by this request; retry it (with the same Idempotency-Key) once space is freed',
    };
  }
  if (error instanceof EventStoreUnavailableError) {
    // The store could not be reached; a retry with the same Idempotency-Key is safe whatever happened.
    return {
      type: typeFor(error.code),
      title: TITLE_BY_STATUS[503],
      status: 503,
      detail: error.message,
      code: error.code,
    };
  }
  if (isBodyParserError(error)) {
    const status = error.status ?? 400;
    const detail = error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : error.message;
    const code = BODY_ERROR_CODES[error.type ?? ''] ?? 'INPUT.BODY';
    return {
      type: typeFor(`http.${error.type ?? 'body'}`),
      title: TITLE_BY_STATUS[status] ?? 'Bad request',
      status,
      detail,
      code,
      errors: [{ field: '(body)', message: detail }],
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return {
      type: typeFor(`http.${status}`),
      title: TITLE_BY_STATUS[status] ?? HttpStatus[status] ?? 'Error',
      status,
      detail,
    };
  }
  return {
    type: typeFor('internal'),
    title: TITLE_BY_STATUS[500],
    status: 500,
    detail:
      'an internal error occurred; nothing was recorded by this request unless its events are listed in the stream',
  };
}

/** Stable codes for what the body parser (or the import's line reader) refuses, so no problem goes without one. */
const BODY_ERROR_CODES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'INPUT.NOT_JSON',
  'entity.encoding.invalid': 'INPUT.ENCODING',
  'entity.too.large': 'INPUT.TOO_LARGE',
  'charset.unsupported': 'INPUT.ENCODING',
};

function isBodyParserError(error: unknown): error is { type?: string; status?: number; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    String((error as { type: string }).type).startsWith('entity.')
  );
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  private readonly throttle: ErrorLogThrottle;

  constructor(
    @Optional() @Inject(LEDGER_CONFIG) config?: LedgerConfig,
    @Optional() private readonly storage?: StorageHealth,
  ) {
    this.throttle = new ErrorLogThrottle(
      (line) => this.logger.error(line),
      (config?.errorLogIntervalSeconds ?? 60) * 1000,
    );
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logServerError(error, problem);
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  /**
   * Once per kind and interval, with a count of the rest. Full storage is an operating condition,
   * not a bug: it is logged as what it is, without a stack. Unexpected errors are logged by type
   * and stack only (messages of domain errors never carry personal data).
   */
  private logServerError(error: unknown, problem: ProblemDetails): void {
    if (problem.code === STORAGE_FULL_CODE) {
      // A failure the store did not see (the key store or the integrity index refused first) counts too.
      this.storage?.failed(error);
      const cause = (error as { cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
      this.throttle.report(
        STORAGE_FULL_CODE,
        () =>
          `${STORAGE_FULL_CODE}: writes are refused with 507, storage full (${String(cause)}); free space and writing resumes by itself`,
      );
      return;
    }
    const name = error instanceof Error ? error.name : 'non-error thrown';
    const key = `${problem.code ?? `http.${problem.status}`} ${name}`;
    this.throttle.report(key, () => (error instanceof Error ? (error.stack ?? error.name) : 'non-error thrown'));
  }
}
