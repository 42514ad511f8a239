import type { FiguresBasis, YearlyFigures } from '@ledger/projections';

/** The figures document as `GET /v1/figures/{year}` returns it. */
export type FiguresDocumentBody = YearlyFigures & {
  readonly asOf: string | null;
  readonly previousYear: (YearlyFigures & { readonly asOf: string | null }) | null;
};

/**
 * A piece of a paragraph. A `figure` is a number taken from the figures document: `figure` is
 * its path there (see `figureAt`) and `href` the query that produced it, with the path as the
 * fragment. A `derived` number (a year-on-year difference) names the figures it comes from and
 * how. A `placeholder` marks what is missing, visibly.
 */
export type Run =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'figure'; readonly text: string; readonly figure: string; readonly href: string }
  | {
      readonly kind: 'derived';
      readonly text: string;
      readonly from: readonly string[];
      readonly formula: string;
      readonly href: string;
    }
  | { readonly kind: 'placeholder'; readonly text: string };

export interface Paragraph {
  readonly runs: readonly Run[];
}

export interface ReportSection {
  /** Stable id: `basic`, `basic.items`, `basic.lawful`, `basic.disclosure`, `basic.supervision`, `basic.effect`, `problems`, `measures`. */
  readonly id: string;
  readonly heading: string;
  readonly paragraphs: readonly Paragraph[];
  readonly subsections: readonly ReportSection[];
}

export interface ReportModel {
  readonly title: string;
  readonly agency: string;
  /** The agency's name as it signs, or null when nobody supplied it (a placeholder is shown). */
  readonly agencyName: string | null;
  readonly year: number;
  /** The figures as the ledger knew them at this instant, or null for now. */
  readonly asOf: string | null;
  /** True when the ledger holds no record of the year: section 一 says so instead of printing zeros. */
  readonly noRecords: boolean;
  readonly source: {
    /** The query every number of section 一 comes from. */
    readonly figuresQuery: string;
    readonly basedOn: FiguresBasis;
    readonly texts: { readonly suppliedBy: string; readonly suppliedAt: string } | null;
  };
  readonly preamble: Paragraph;
  readonly sections: readonly ReportSection[];
  /**
   * How section 一 was computed and the query behind it: shown by the HTML on screen, printed in
   * a PDF or Word document only on request (a signed report carries no technical provenance).
   */
  readonly appendix: { readonly heading: string; readonly paragraphs: readonly Paragraph[] };
  readonly signature: { readonly agency: Run; readonly date: Run };
  /** What is missing and shown as a placeholder (problems, measures, signatory, date). */
  readonly missing: readonly string[];
}

/** Plain text of runs (for tests, Markdown and searching). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Plain text of a section and its subsections. */
export function sectionText(section: ReportSection): string {
  return [
    section.heading,
    ...section.paragraphs.map((p) => runsText(p.runs)),
    ...section.subsections.map(sectionText),
  ].join('\n');
}
