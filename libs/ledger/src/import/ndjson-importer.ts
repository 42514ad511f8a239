import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CommandPrincipal } from '../commands/command-principal';
import { LedgerCommands } from '../commands/ledger-commands';
import { toProblem } from '../http/problem-details.filter';
import { CommandResult, stableJson } from '../recording/command-metadata';
import { PERSONAL_DATA_FIELDS } from '@ledger/domain';
import { ndjsonLines } from './ndjson-lines';
import { OrderingLanes } from './ordering-lanes';

export interface ImportOptions {
  /** Commands in flight at once; they share durable commits. */
  readonly concurrency?: number;
  /** Actor recorded when a line names none. */
  readonly actor?: string;
  /** Who imports (the CLI: `cli:<os user>`), recorded as `metadata.principal` on every event. */
  readonly principal?: CommandPrincipal;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Called once a line's events are durable (or found already recorded). */
  readonly onAcknowledged?: (line: number, result: CommandResult) => void;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly lines: number;
  readonly recorded: number;
  readonly alreadyRecorded: number;
  readonly rejected: number;
}

export interface RejectedLine {
  readonly line: number;
  readonly status: number;
  readonly code?: string;
  readonly reason: string;
  readonly fields: { field: string; message: string }[];
}

export interface ImportSummary extends ImportProgress {
  readonly rejections: RejectedLine[];
  readonly correlationId: string;
}

/** Commands whose order against every other line matters (a filing needs its item registered). */
const BARRIER_COMMANDS = new Set(['register-item', 'amend-item', 'retire-item']);
/**
 * Fields naming the stream a line acts on; lines on one stream keep their order. A line's own
 * stream comes first: a complaint or appeal may also name the application it is about, yet it
 * must stay in the lane of its complaint or appeal, or its resolution could overtake it; a
 * licensee's inspection names its inspection but acts on the licence.
 */
const LANE_FIELDS = ['licenceId', 'complaintId', 'appealId', 'rectificationId', 'inspectionId', 'applicationId'];
/** Lines that act on one stream but need another's facts first: the grant of a licence needs its application decided. */
const ALSO_AFTER: Readonly<Record<string, string>> = { 'grant-licence': 'applicationId' };

/**
 * Imports commands from an NDJSON file through the same command handlers as the HTTP API.
 * A bad line is reported with its reason and never stops or corrupts the rest. Each line gets
 * an idempotency key derived from its number and content (unless it names its own
 * `idempotencyKey`), so importing the same file again after an interruption records nothing twice.
 */
@Injectable()
export class NdjsonImporter {
  constructor(private readonly commands: LedgerCommands) {}

  async importFile(file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const correlationId = `import:${createHash('sha256')
      .update(file + Date.now())
      .digest('hex')
      .slice(0, 16)}`;
    const lanes = new OrderingLanes(options.concurrency ?? 64);
    const rejections: RejectedLine[] = [];
    const progress = { bytesRead: 0, lines: 0, recorded: 0, alreadyRecorded: 0, rejected: 0 };
    const reject = (line: number, error: unknown) => {
      const problem = toProblem(error);
      progress.rejected++;
      rejections.push({
        line,
        status: problem.status,
        code: problem.code,
        reason: problem.detail,
        fields: problem.errors ?? [],
      });
    };
    const input = createReadStream(file);
    let lineNo = 0;
    let lastReport = 0;
    for await (const { text: raw, bytesRead } of ndjsonLines(input)) {
      lineNo++;
      progress.bytesRead = bytesRead;
      if (raw === null) {
        progress.lines++;
        reject(lineNo, { type: 'entity.encoding.invalid', status: 400, message: 'the line is not valid UTF-8' });
        continue;
      }
      // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the first line's JSON.
      const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
      progress.lines++;
      const line = lineNo;
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        reject(line, { type: 'entity.parse.failed', status: 400, message: 'not valid JSON' });
        continue;
      }
      const { idempotencyKey, ...body } = (
        parsed && typeof parsed === 'object' ? parsed : { command: undefined }
      ) as Record<string, unknown>;
      const key =
        typeof idempotencyKey === 'string' && idempotencyKey ? idempotencyKey : `import:${line}:${lineDigest(body)}`;
      const laneField = LANE_FIELDS.find((f) => typeof body[f] === 'string');
      const alsoAfter = ALSO_AFTER[String(body.command)];
      const lane = BARRIER_COMMANDS.has(String(body.command))
        ? null
        : [
            laneField ? `${laneField}:${body[laneField]}` : `line:${line}`,
            ...(alsoAfter && typeof body[alsoAfter] === 'string' ? [`${alsoAfter}:${body[alsoAfter]}`] : []),
          ];
      const { done } = await lanes.submit(lane, () =>
        this.commands.runPlain(body, {
          idempotencyKey: key,
          correlationId,
          causationId: `${correlationId}#${line}`,
          defaultActor: options.actor,
          principal: options.principal,
        }),
      );
      done.then(
        (result) => {
          // A command that decides nothing new (an indicator resent unchanged) recorded nothing either.
          if (result.replayed || result.eventIds.length === 0) progress.alreadyRecorded++;
          else progress.recorded++;
          options.onAcknowledged?.(line, result);
        },
        (error) => reject(line, error),
      );
      if (options.onProgress && progress.lines - lastReport >= 1000) {
        lastReport = progress.lines;
        options.onProgress({ ...progress });
      }
    }
    await lanes.drain();
    options.onProgress?.({ ...progress });
    rejections.sort((a, b) => a.line - b.line);
    return { ...progress, rejections, correlationId };
  }
}

/** Fields of an import line that hold personal data (see PERSONAL_DATA_FIELDS). */
const PERSONAL_FIELDS = new Set(Object.values(PERSONAL_DATA_FIELDS));

/**
 * The line's part of its idempotency key. Keys are stored in event metadata, so the digest
 * leaves out personal data: a hash of an identity number outlives the person's erasure and
 * could be tested against guesses. The line number keeps keys of similar lines apart.
 */
function lineDigest(body: Record<string, unknown>): string {
  const withoutPersonal = Object.fromEntries(Object.entries(body).filter(([k]) => !PERSONAL_FIELDS.has(k)));
  return createHash('sha256').update(stableJson(withoutPersonal)).digest('base64url').slice(0, 22);
}
