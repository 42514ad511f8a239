import { Injectable } from '@nestjs/common';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry and the ledger's own counters. One registry per
 * application (not prom-client's global one), so tests that build several apps don't collide.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by command name and outcome (recorded, replayed, or the kind of refusal)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events given to the event store, by event type and outcome (stored, duplicate, wrong_expected_revision, failed)',
    labelNames: ['event_type', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_process_' });
  }
}
