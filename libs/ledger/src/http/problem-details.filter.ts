import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from '@ledger/domain';
import { EventIdConflictError, EventStoreUnavailableError, WrongExpectedRevisionError } from '@ledger/event-store';
import { FieldProblem, InputValidationError } from '../commands/input-validation';

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldProblem[];
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = { validation: 400, 'not-found': 404, conflict: 409, 'illegal-transition': 422 };
const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict',
  413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable: the law or the record forbids it', 500: 'Internal error', 503: 'Unavailable',
};

/** Stable, documented problem types: `https://ledger.invalid/problems/<code>`. */
const typeFor = (code: string) => `urn:ledger:problem:${code.toLowerCase()}`;

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof InputValidationError) {
    return { type: typeFor(error.code), title: TITLE_BY_STATUS[400], status: 400, detail: error.message, code: error.code, errors: [...error.errors] };
  }
  if (error instanceof DomainError) {
    const status = STATUS_BY_KIND[error.kind];
    return {
      type: typeFor(error.code), title: TITLE_BY_STATUS[status], status, detail: error.message, code: error.code,
      ...(error.field ? { errors: [{ field: error.field, message: error.message }] } : {}),
    };
  }
  if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) {
    return { type: typeFor(error.code), title: TITLE_BY_STATUS[409], status: 409, detail: error.message, code: error.code };
  }
  if (error instanceof EventStoreUnavailableError) {
    // The store could not be reached; a retry with the same Idempotency-Key is safe whatever happened.
    return { type: typeFor(error.code), title: TITLE_BY_STATUS[503], status: 503, detail: error.message, code: error.code };
  }
  if (isBodyParserError(error)) {
    const status = error.status ?? 400;
    const detail = error.type === 'entity.parse.failed' ? 'the request body is not valid JSON' : error.message;
    const code = BODY_ERROR_CODES[error.type ?? ''] ?? 'INPUT.BODY';
    return { type: typeFor(`http.${error.type ?? 'body'}`), title: TITLE_BY_STATUS[status] ?? 'Bad request', status, detail, code, errors: [{ field: '(body)', message: detail }] };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return { type: typeFor(`http.${status}`), title: TITLE_BY_STATUS[status] ?? HttpStatus[status] ?? 'Error', status, detail };
  }
  return { type: typeFor('internal'), title: TITLE_BY_STATUS[500], status: 500, detail: 'an internal error occurred; nothing was recorded by this request unless its events are listed in the stream' };
}

/** Stable codes for what the body parser (or the import's line reader) refuses, so no problem goes without one. */
const BODY_ERROR_CODES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'INPUT.NOT_JSON',
  'entity.encoding.invalid': 'INPUT.ENCODING',
  'entity.too.large': 'INPUT.TOO_LARGE',
  'charset.unsupported': 'INPUT.ENCODING',
};

function isBodyParserError(error: unknown): error is { type?: string; status?: number; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && String((error as { type: string }).type).startsWith('entity.');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error);
    // Messages of domain errors never carry personal data; unexpected errors are logged by type and stack only.
    if (problem.status >= 500) this.logger.error(error instanceof Error ? error.stack ?? error.name : 'non-error thrown');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
