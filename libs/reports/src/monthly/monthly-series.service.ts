import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { decodeStoredEvent } from '@ledger/kernel';
import type { FiguresQuery } from '@ledger/projections';
import { MonthlySeries, MonthlySeriesAccumulator } from './monthly-series';
import { agencyNotFound } from '@ledger/ledger/tenancy/not-found';

/**
 * Computes the monthly series by replaying the store, and remembers the last few answers for
 * as long as the store has not grown (the dashboard asks the same question as it redraws).
 */
@Injectable()
export class MonthlySeriesService {
  private readonly cache = new Map<string, MonthlySeries>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async series(query: FiguresQuery): Promise<MonthlySeries> {
    const head = await this.store.headPosition();
    const key = JSON.stringify([
      query.agency,
      query.year,
      query.asOf ?? null,
      head ? positionToString(head) : null,
      this.config.timeZone,
    ]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const accumulator = new MonthlySeriesAccumulator(query.agency, query.year, this.config.timeZone);
    const asOfMs = query.asOf ? Date.parse(query.asOf) : undefined;
    for await (const stored of this.store.readAll()) {
      if (asOfMs !== undefined && Date.parse(String(stored.metadata.ledgerTime)) > asOfMs) continue;
      const decoded = decodeStoredEvent(stored);
      if (decoded.kind === 'fact') accumulator.apply(decoded.event);
      else accumulator.passOver(decoded.event);
    }
    const series = accumulator.result(query.asOf ?? null);
    if (series.basedOn.events === 0 && query.agency !== this.config.defaultAgency) {
      throw agencyNotFound(query.agency);
    }
    if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, series);
    return series;
  }
}
