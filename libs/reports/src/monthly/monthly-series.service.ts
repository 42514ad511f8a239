import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import type { FiguresQuery } from '@ledger/projections';
import { MonthlySeries, MonthlySeriesAccumulator } from './monthly-series';
import { agencyNotFound } from '@ledger/ledger/tenancy/not-found';

/**
 * Computes the monthly series by replaying the store (facts as corrected), and remembers the last few answers for
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
    // The store as corrected, recorded by `asOf` (see `foldCorrectedLedger`).
    const events = await ledgerRange(this.store, { asOf: query.asOf });
    const { state: accumulator } = await foldCorrectedLedger(events, {
      initial: () => new MonthlySeriesAccumulator(query.agency, query.year, this.config.timeZone),
      apply: (accumulator, decoded) => {
        if (decoded.kind === 'fact') accumulator.apply(decoded.event);
        else accumulator.passOver(decoded.event);
        return accumulator;
      },
    });
    const series = accumulator.result(query.asOf ?? null);
    if (series.basedOn.events === 0 && query.agency !== this.config.defaultAgency) {
      throw agencyNotFound(query.agency);
    }
    if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, series);
    return series;
  }
}
