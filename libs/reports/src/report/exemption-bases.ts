import { LedgerEvent, Recorded, localYearOf, presentText } from '@ledger/domain';

/** The legal bases on which an agency-year's grants were exempted from disclosure, most used first. */
export interface ExemptionBasis {
  /** As the exemptions record it (`DisclosureExempted.v1` `legalBasis`), e.g. 《中华人民共和国护照法》. */
  readonly legalBasis: string;
  readonly count: number;
}

/**
 * Counts the disclosure exemptions of one agency-year by legal basis, so the report can say on
 * what ground it withheld what it did not publish (依法不予公开, and by which law). The figures
 * count exemptions without their bases; an exemption recorded without one counts under none.
 */
export class ExemptionBasesAccumulator {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly agency: string,
    private readonly year: number,
    private readonly timeZone: string,
  ) {}

  apply(event: Recorded<LedgerEvent>): void {
    if (event.type !== 'DisclosureExempted.v1' || event.metadata.agency !== this.agency) return;
    if (localYearOf(event.at, this.timeZone) !== this.year) return;
    const basis = presentText(event.data.legalBasis);
    if (basis !== undefined) this.counts.set(basis, (this.counts.get(basis) ?? 0) + 1);
  }

  result(): ExemptionBasis[] {
    return [...this.counts]
      .map(([legalBasis, count]) => ({ legalBasis, count }))
      .sort((a, b) => b.count - a.count || (a.legalBasis < b.legalBasis ? -1 : a.legalBasis > b.legalBasis ? 1 : 0));
  }
}
