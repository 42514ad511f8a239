import type { Request } from 'express';
import { CommandOrigin } from '@ledger/ledger';
import { principalOf } from '@ledger/operations';

/** Reads the headers a command may carry: Idempotency-Key, and correlation/causation ids from upstream systems. */
export function originOf(request: Request): CommandOrigin {
  const header = (name: string) => {
    const value = request.header(name);
    return value && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    idempotencyKey: header('idempotency-key'),
    correlationId: header('x-correlation-id'),
    causationId: header('x-causation-id'),
    // The authenticated caller: bounds the agency, is the actor unless it may relay, recorded as metadata.principal.
    principal: principalOf(request),
  };
}
