import {
  type EventStore,
  InvalidPositionError,
  type Position,
  type RecordedEvent,
  comparePositions,
  parsePosition,
  positionToString,
} from '@ledger/event-store';
import type { IntegrityIndex } from '../ledger-tree/integrity-index';
import { leafHashOf } from '../ledger-tree/event-leaf';

/** Where a read model stands: the last position its projection applied. */
export interface ReadModelMark {
  readonly name: string;
  /** Port position as text (`commit` or `commit/prepare`). */
  readonly position: string;
}

export type ContinuityFindingCode =
  | 'STORE.EMPTY'
  | 'STORE.BEHIND_CHECKPOINT'
  | 'STORE.DIFFERS_FROM_CHECKPOINT'
  | 'STORE.BEHIND_INDEX'
  | 'STORE.DIFFERS_FROM_INDEX'
  | 'STORE.BEHIND_READ_MODEL';

/** One way the event store fails to hold what was acknowledged before. */
export interface ContinuityFinding {
  readonly code: ContinuityFindingCode;
  /** Whose mark the store fails: the integrity index (its leaves or a signed checkpoint) or a read model. */
  readonly source: 'integrity-index' | 'read-model';
  /** What the evidence says was acknowledged: a position (and where it is recorded). */
  readonly expected: string;
  /** What the store holds instead: its head position, or the event found there. */
  readonly actual: string;
  readonly message: string;
}

export interface ContinuityReport {
  readonly findings: readonly ContinuityFinding[];
  /** The store's last position, undefined when it is empty. */
  readonly storeHead?: Position;
  /**
   * The highest position known to have been acknowledged, by the store, the integrity index or
   * a read model: a recovery puts the next event after it, so no position is handed out twice.
   */
  readonly highWater?: Position;
}

export interface ContinuitySources {
  readonly store: EventStore;
  /** Absent when the integrity index file does not exist (nothing indexed, nothing signed). */
  readonly index?: IntegrityIndex;
  readonly readModels: readonly ReadModelMark[];
}

/**
 * Compares the event store with the marks others keep of it: the integrity index (the position
 * of every indexed event, the signed checkpoints) and the read models' checkpoints. A store
 * restored from an older copy, with its WAL deleted or recreated empty would otherwise start
 * without complaint, hand the lost positions out again, and serve figures of events it no longer
 * holds. Only the tips are compared (the latest checkpoint's last leaf and the index's last
 * leaf: one event each), so start-up stays quick; `ledger verify` compares every event.
 */
export async function checkStoreContinuity(sources: ContinuitySources): Promise<ContinuityReport> {
  const { store, index, readModels } = sources;
  const head = await store.headPosition();
  const headText = head ? `position ${positionToString(head)}` : 'no event';
  const findings: ContinuityFinding[] = [];
  const marks: Position[] = head ? [head] : [];
  const behind = (position: Position) => !head || comparePositions(head, position) < 0;

  if (index) {
    const size = index.size();
    const indexedUpTo = index.lastPosition();
    const latest = index.latestCheckpoint();
    if (indexedUpTo) marks.push(indexedUpTo);
    if (latest && size < latest.treeSize)
      findings.push({
        code: 'STORE.BEHIND_CHECKPOINT',
        source: 'integrity-index',
        expected: `${latest.treeSize} events (checkpoint #${latest.id}, signed ${latest.signedAt})`,
        actual: `${size} events indexed`,
        message: `signed checkpoint #${latest.id} (${latest.signedAt}) covers ${latest.treeSize} events, but the integrity index was rebuilt from a store holding ${size}`,
      });
    if (indexedUpTo && behind(indexedUpTo))
      findings.push({
        code: head ? 'STORE.BEHIND_INDEX' : 'STORE.EMPTY',
        source: 'integrity-index',
        expected: `position ${positionToString(indexedUpTo)}`,
        actual: headText,
        message: `the integrity index recorded events up to position ${positionToString(indexedUpTo)} (${size} events${latest ? `, checkpoint #${latest.id} signed for ${latest.treeSize}` : ''}), but the event store ${head ? `ends at ${headText}` : 'holds no event'}`,
      });
    else {
      const checked = new Set<number>();
      if (latest && latest.treeSize > 0 && latest.treeSize <= size) {
        checked.add(latest.treeSize - 1);
        const differs = await differingTip(store, index, latest.treeSize - 1);
        if (differs)
          findings.push({
            code: 'STORE.DIFFERS_FROM_CHECKPOINT',
            source: 'integrity-index',
            expected: differs.expected,
            actual: differs.actual,
            message: `signed checkpoint #${latest.id} (${latest.signedAt}) ends with ${differs.expected}, but the event store has ${differs.actual}`,
          });
      }
      if (size > 0 && !checked.has(size - 1)) {
        const differs = await differingTip(store, index, size - 1);
        if (differs)
          findings.push({
            code: 'STORE.DIFFERS_FROM_INDEX',
            source: 'integrity-index',
            expected: differs.expected,
            actual: differs.actual,
            message: `the integrity index ends with ${differs.expected}, but the event store has ${differs.actual}`,
          });
      }
    }
  }

  for (const mark of readModels) {
    const position = parsePosition(mark.position);
    marks.push(position);
    if (behind(position))
      findings.push({
        code: head ? 'STORE.BEHIND_READ_MODEL' : 'STORE.EMPTY',
        source: 'read-model',
        expected: `position ${mark.position}`,
        actual: headText,
        message: `the read model ${mark.name} has applied events up to position ${mark.position}, but the event store ${head ? `ends at ${headText}` : 'holds no event'}`,
      });
  }

  const highWater = marks.reduce<Position | undefined>(
    (highest, position) => (!highest || comparePositions(position, highest) > 0 ? position : highest),
    undefined,
  );
  return { findings, ...(head && { storeHead: head }), ...(highWater && { highWater }) };
}

/**
 * The store's event in the place of indexed leaf `leafIndex` (the one after the previous leaf's
 * position), or a description of what stands there instead when it is not the same event.
 */
async function differingTip(
  store: EventStore,
  index: IntegrityIndex,
  leafIndex: number,
): Promise<{ expected: string; actual: string } | undefined> {
  const leaf = index.leaf(leafIndex)!;
  const previous = leafIndex > 0 ? index.leaf(leafIndex - 1) : undefined;
  const expected = `event ${leaf.eventId} (leaf ${leafIndex}, position ${leaf.position}, stream ${leaf.streamId})`;
  let found: RecordedEvent | undefined;
  try {
    for await (const event of store.readAll({
      ...(previous && { after: parsePosition(previous.position) }),
      maxCount: 1,
    }))
      found = event;
  } catch (error) {
    // The previous leaf's position is not an event of this store: it is another store's history.
    if (error instanceof InvalidPositionError || (error as { code?: string }).code === 'STORE.INVALID_POSITION')
      return { expected, actual: `no event at position ${previous?.position}` };
    throw error;
  }
  if (!found) return { expected, actual: 'no event there' };
  const same =
    found.eventId === leaf.eventId &&
    found.streamId === leaf.streamId &&
    positionToString(found.position) === leaf.position &&
    leafHashOf(found).equals(leaf.leafHash);
  return same
    ? undefined
    : {
        expected,
        actual: `event ${found.eventId} (position ${positionToString(found.position)}, stream ${found.streamId})${found.eventId === leaf.eventId ? ' with other content' : ''}`,
      };
}

/** What an operator reads when start-up is refused: every finding, then the two ways forward. */
export function describeContinuityRefusal(report: ContinuityReport, storeName: string): string {
  const lines = report.findings.map((finding) => `  - ${finding.message} [${finding.code}]`);
  return [
    `the event store ${storeName} does not hold every event acknowledged before:`,
    ...lines,
    'Events were lost or replaced (a copy restored from before the latest checkpoint, a deleted -wal file, a deleted or swapped events file).',
    `Restore the store from a backup that holds position ${report.highWater ? positionToString(report.highWater) : '?'} (with its -wal file), or accept the loss: ` +
      '`ledger recover --accept-loss --reason "…"` records it in the ledger and lets the ledger start.',
  ].join('\n');
}
