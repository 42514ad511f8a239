import { isUtf8 } from 'node:buffer';
import {
  json,
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { requireCanonicalText } from '../commands/input-validation';
import { toProblem } from './problem-details.filter';

/** A body that is not UTF-8 is refused, not decoded with replacement characters: RFC 8259 §8.1 requires UTF-8. */
class BodyNotUtf8Error extends Error {
  readonly status = 400;
  readonly type = 'entity.encoding.invalid';
  constructor() {
    super('the request body is not valid UTF-8');
  }
}

/**
 * The API's JSON body parsing, in order: the size limit, UTF-8 checked on the raw bytes (a
 * decoder would silently replace bad bytes with U+FFFD), JSON.parse, then the ledger's text rules
 * (`text-rules.ts`: well-formed Unicode, no control characters, bounded depth, no `__proto__`).
 * Every refusal is the same 400 problem details as any other bad input, naming the field.
 */
export function jsonBodyParsers(limit = '1mb'): (RequestHandler | ErrorRequestHandler)[] {
  const parse = json({
    limit,
    verify: (_req, _res, buffer) => {
      if (!isUtf8(buffer)) throw new BodyNotUtf8Error();
    },
  });
  const checkText: RequestHandler = (req, _res, next) => {
    if (req.body === undefined || req.body === null || typeof req.body !== 'object') return next();
    try {
      requireCanonicalText(req.body, '(body)');
      next();
    } catch (error) {
      next(error);
    }
  };
  return [parse, checkText, answerBodyProblems];
}

/** Answers a body refusal here: Nest's exception filters do not see errors raised by plain middleware. */
function answerBodyProblems(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!isBodyError(error)) return next(error);
  const problem = toProblem(error);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

function isBodyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { code?: unknown }).code === 'INPUT.INVALID') return true;
  return String((error as { type?: unknown }).type ?? '').startsWith('entity.');
}
