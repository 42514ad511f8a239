import { Inject, Injectable } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPORTS_CONFIG, ReportsConfig, chromiumAvailable } from '../reports-config';

/** Chromium is not installed where the configuration says: PDFs cannot be printed here. */
export class PdfUnavailableError extends Error {
  readonly code = 'REPORT.PDF_UNAVAILABLE';
  constructor(chromiumPath: string) {
    super(
      `PDF output needs Chromium at ${chromiumPath} (Debian: apt-get install -y chromium fonts-noto-cjk; or set LEDGER_CHROMIUM_PATH); Markdown and HTML are available`,
    );
    this.name = 'PdfUnavailableError';
  }
}

/**
 * The flags the machine's Chromium needs headless and offline: no sandbox as root, no GPU, and
 * none of the background connections a closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface PdfOptions {
  /** Header line printed on every page (small, grey). */
  readonly headerText?: string;
  /** Page numbers in the footer (default true). */
  readonly pageNumbers?: boolean;
  /** `gongwen`: "— 1 —", as official documents number their pages (GB/T 9704); default "第 1 页，共 3 页". */
  readonly pageNumberStyle?: 'gongwen' | 'of-total';
}

/**
 * Prints HTML to PDF with headless Chromium (playwright-core, Debian's chromium, fonts-noto-cjk).
 * One browser per document, in a fresh profile directory removed afterwards: slower than a
 * shared browser, but nothing lingers between requests and a crash affects one document.
 */
@Injectable()
export class PdfPrinter {
  constructor(@Inject(REPORTS_CONFIG) private readonly config: ReportsConfig) {}

  get available(): boolean {
    return chromiumAvailable(this.config);
  }

  async print(html: string, options: PdfOptions = {}): Promise<Buffer> {
    if (!this.available) throw new PdfUnavailableError(this.config.chromiumPath);
    // Loaded on demand: the API starts (and serves Markdown and HTML) without it.
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(path.join(tmpdir(), 'ledger-pdf-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: this.config.chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      offline: true,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      // Nothing outside the document may load: it is printed as given.
      await page.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: 'load' });
      // Web fonts are none, but the system CJK faces load lazily: wait for them before printing.
      await page.evaluate('document.fonts.ready.then(() => true)');
      const small =
        'font-size:8px;color:#6b7280;width:100%;padding:0 22mm 0 25mm;font-family:"Noto Sans CJK SC",sans-serif;';
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style='${small}'>${escapeForTemplate(options.headerText ?? '')}</div>`,
        footerTemplate:
          options.pageNumbers === false
            ? '<div></div>'
            : options.pageNumberStyle === 'gongwen'
              ? `<div style='${small}font-size:11px;color:#111;font-family:"Noto Serif CJK SC",serif;text-align:center;'>— <span class="pageNumber"></span> —</div>`
              : `<div style='${small}text-align:center;'>第 <span class="pageNumber"></span> 页，共 <span class="totalPages"></span> 页</div>`,
      });
      return Buffer.from(pdf);
    } finally {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    }
  }
}

const escapeForTemplate = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
