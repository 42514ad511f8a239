import { Inject, Injectable } from '@nestjs/common';
import { ValidationError, authorshipOf } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent, positionToString } from '@ledger/event-store';
import { AccessLog } from '@ledger/ledger/access-log/access-log';
import { agencyNameOf } from '@ledger/ledger/config/agency-names';
import { CLOCK, Clock } from '@ledger/ledger/config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { AgencyRecords } from '@ledger/ledger/tenancy/agency-records';
import { trailSubjectNotFound } from '@ledger/ledger/tenancy/not-found';
import { createHash } from 'node:crypto';
import { PdfPrinter } from '../pdf/pdf-printer';
import { eventDetails, eventLabel } from './trail-labels';
import { renderTrailHtml } from './trail-html';
import { Trail, TrailEntry, TrailProofs, TrailSubjectKind } from './trail.model';

export const TRAIL_FORMATS = ['pdf', 'html', 'json'] as const;
export type TrailFormat = (typeof TRAIL_FORMATS)[number];

export interface TrailRequest {
  readonly kind: TrailSubjectKind;
  /** Ids are per agency: the agency whose application or complaint it is. */
  readonly agency: string;
  readonly id: string;
  readonly purpose: string;
  readonly actor: string;
  /** The credential asking (`metadata.principal` of the TrailExported record). */
  readonly principal?: string;
  readonly format: TrailFormat;
  /** The operating-system account, for trails printed from the command line. */
  readonly osUser?: string;
}

/**
 * The paper companion of the verifiable export: one application's or complaint's history, each
 * event with its business and ledger time, actor and leaf hash, closing with the checkpoint it
 * is proven against. Like every export it is recorded (TrailExported.v1) before it is handed out.
 */
@Injectable()
export class TrailService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accessLog: AccessLog,
    private readonly printer: PdfPrinter,
    private readonly records: AgencyRecords,
  ) {}

  async trail(
    kind: TrailSubjectKind,
    agency: string,
    id: string,
    purpose: string,
    proofs: TrailProofs | undefined,
  ): Promise<Trail> {
    if (!purpose.trim())
      throw new ValidationError(
        'ACCESS.PURPOSE_REQUIRED',
        'say why (purpose): exports of event trails are recorded with their purpose',
        'purpose',
      );
    const streamId = await this.records.streamOf(kind, agency, id);
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId)) events.push(event);
    if (events.length === 0 || (events[0].metadata as { agency?: unknown }).agency !== agency)
      throw trailSubjectNotFound(kind, id);

    let checkpoint: Trail['checkpoint'] = null;
    let integrityNote: string | null = null;
    let located = new Map<string, { leafIndex: number; verified: boolean }>();
    if (!proofs) {
      integrityNote = '本账本未配置完整性索引，无法提供检查点证明；以下叶哈希仅可与可验证导出文件比对。';
    } else {
      const outcome = await proofs.checkpoint();
      if ('unavailable' in outcome) integrityNote = `未能取得签名检查点：${outcome.unavailable}`;
      else {
        checkpoint = outcome;
        located = await proofs.locate(streamId, outcome);
        const failed = [...located.values()].filter((l) => !l.verified).length;
        if (failed)
          integrityNote = `警告：${failed} 个事件的包含证明未能通过检查点验证，请运行 ledger verify 核查账本。`;
      }
    }
    const leafHash = proofs ? (e: RecordedEvent) => proofs.leafHash(e) : () => '';
    const entries = events.map((event): TrailEntry => {
      const metadata = event.metadata as { businessTime?: string; ledgerTime?: string; actor?: string };
      const { recordedBy, onBehalfOf } = authorshipOf(event.metadata);
      const where = located.get(event.eventId);
      return {
        revision: event.revision,
        position: positionToString(event.position),
        leafIndex: where?.leafIndex ?? null,
        type: event.type,
        label: eventLabel(event.type),
        details: eventDetails(event.type, event.data as Record<string, unknown>),
        businessTime: String(metadata.businessTime ?? ''),
        ledgerTime: String(metadata.ledgerTime ?? ''),
        actor: onBehalfOf,
        principal: recordedBy,
        leafHash: leafHash(event),
        inclusion: where ? (where.verified ? 'verified' : 'unchecked') : checkpoint ? 'not-covered' : 'unchecked',
      };
    });
    return {
      subject: { kind, id, streamId },
      agency,
      agencyName: agencyNameOf(this.config.agencyNames, agency),
      timeZone: this.config.timeZone,
      generatedAt: new Date(this.clock()).toISOString(),
      purpose,
      entries,
      checkpoint,
      integrityNote,
    };
  }

  /** Builds, renders and records the export; the record is written before the document is returned. */
  async export(
    request: TrailRequest,
    proofs: TrailProofs | undefined,
  ): Promise<{ contentType: string; body: string | Buffer; trail: Trail }> {
    const trail = await this.trail(request.kind, request.agency, request.id, request.purpose, proofs);
    const html = renderTrailHtml(trail);
    const body: string | Buffer =
      request.format === 'pdf'
        ? await this.printer.print(html, { headerText: `行政许可事件记录 ${trail.subject.streamId}` })
        : request.format === 'html'
          ? html
          : JSON.stringify(trail, null, 2);
    await this.accessLog.record(
      {
        type: 'TrailExported.v1',
        data: {
          filters: { streamId: trail.subject.streamId, format: request.format, printable: 'true' },
          events: trail.entries.length,
          purpose: request.purpose,
          includesPersonalData: false,
          manifestSha256: createHash('sha256').update(body).digest('hex'),
          ...(request.osUser !== undefined && { osUser: request.osUser }),
        },
      },
      { agency: trail.agency, actor: request.actor, principal: request.principal },
    );
    const contentType =
      request.format === 'pdf'
        ? 'application/pdf'
        : request.format === 'html'
          ? 'text/html; charset=utf-8'
          : 'application/json; charset=utf-8';
    return { contentType, body, trail };
  }
}
