import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CalendarStore, LedgerMetrics } from '@ledger/ledger';

/** Whether next year's working-day calendar is missing when it should be loaded (from 1 November), measured when Prometheus scrapes. */
@Injectable()
export class CalendarMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: LedgerMetrics,
    private readonly calendars: CalendarStore,
  ) {}

  onModuleInit(): void {
    const calendars = this.calendars;
    new Gauge({
      name: 'ledger_calendar_next_year_missing',
      help: "1 from 1 November while next year's working-day calendar is not loaded (deadlines running into it cannot be computed), else 0",
      registers: [this.metrics.registry],
      async collect() {
        this.set((await calendars.warning()) ? 1 : 0);
      },
    });
  }
}
