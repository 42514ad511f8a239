import { Decider } from '../shared/decider';
import { ConflictError, ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { InspectionCommand, PerformInspection } from './supervision.commands';
import { compact, optionalText, requireFlag, requireOneOf } from './supervision.guards';
import { InspectionEvent, InspectionKind, InspectionPerformed } from './supervision.events';

export const INSPECTION_KINDS: readonly InspectionKind[] = [
  'external-supervision',
  'enforcement-inspection',
  'case-file-review',
];

/** An inspection stream holds its one `InspectionPerformed`; a correction would be a new event type. */
export type InspectionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'performed';
      readonly inspectionId: string;
      readonly kind: InspectionKind;
      readonly at: string;
      readonly filesReviewed: number;
      readonly rectificationRequired: boolean;
    };

function requireDistinctApplicationIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    const field = `applicationIds[${index}]`;
    requireText(id, field, 'INSPECTION.APPLICATION_ID_BLANK', 'an application id');
    if (seen.has(id))
      throw new ValidationError('INSPECTION.DUPLICATE_APPLICATION_ID', `application ${id} is named twice`, field);
    seen.add(id);
  });
  return [...ids];
}

/**
 * The files sampled. Only a case-file review samples files (the yearly figure counts them, not
 * the reviews): it defaults to the files named and must cover at least those, and at least one.
 * Other kinds record 0, and refuse a count rather than have it silently dropped.
 */
function filesReviewedBy(command: PerformInspection, named: number): number {
  const given = command.filesReviewed ?? undefined;
  if (command.kind !== 'case-file-review') {
    if (given !== undefined && given !== 0) {
      throw new ValidationError(
        'INSPECTION.FILES_REVIEWED_NOT_APPLICABLE',
        `only a case-file review counts files reviewed, not a ${command.kind}`,
        'filesReviewed',
      );
    }
    return 0;
  }
  const files = given ?? named;
  if (typeof files !== 'number' || !Number.isInteger(files) || files < 0) {
    throw new ValidationError(
      'INSPECTION.INVALID_FILES_REVIEWED',
      `filesReviewed must be a whole number, got ${JSON.stringify(files)}`,
      'filesReviewed',
    );
  }
  if (files < named) {
    throw new ValidationError(
      'INSPECTION.FEWER_FILES_THAN_NAMED',
      `filesReviewed (${files}) is less than the ${named} applications named`,
      'filesReviewed',
    );
  }
  if (files < 1)
    throw new ValidationError(
      'INSPECTION.NO_FILES_REVIEWED',
      'a case-file review reviews at least one file',
      'filesReviewed',
    );
  return files;
}

function perform(command: PerformInspection, state: InspectionState, now: number): InspectionPerformed[] {
  if (state.status === 'performed') {
    throw new ConflictError(
      'INSPECTION.ALREADY_RECORDED',
      `inspection ${state.inspectionId} is already recorded`,
      'inspectionId',
    );
  }
  const inspectionId = requireText(command.inspectionId, 'inspectionId', 'INSPECTION.ID_REQUIRED', 'the inspection id');
  const kind = requireOneOf(command.kind, INSPECTION_KINDS, 'kind', 'INSPECTION.INVALID_KIND');
  requireBusinessTime(command.at, 'at', now);
  const department = requireText(
    command.department,
    'department',
    'INSPECTION.DEPARTMENT_REQUIRED',
    'the department inspected or inspecting',
  );
  const itemCode = optionalText(command.itemCode, 'itemCode', 'INSPECTION.ITEM_CODE_BLANK');
  const applicationIds = requireDistinctApplicationIds(command.applicationIds ?? []);
  const filesReviewed = filesReviewedBy(command, applicationIds.length);
  const findings = requireText(
    command.findings,
    'findings',
    'INSPECTION.FINDINGS_REQUIRED',
    'what the inspection found (e.g. "no problems found")',
  );
  const rectificationRequired = requireFlag(
    command.rectificationRequired,
    'rectificationRequired',
    'INSPECTION.INVALID_RECTIFICATION_REQUIRED',
  );
  return [
    {
      type: 'InspectionPerformed.v1',
      data: compact({
        inspectionId,
        kind,
        department,
        itemCode,
        applicationIds,
        filesReviewed,
        findings,
        rectificationRequired,
      }),
      at: command.at,
    },
  ];
}

/**
 * Inspections, case-file reviews and external supervision checks, one stream per inspection
 * (`recordStreamId('inspection', agency, id)`) holding one event: recording the same id twice is a conflict.
 */
export const inspectionDecider: Decider<InspectionCommand, InspectionEvent, InspectionState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'PerformInspection':
        return perform(command, state, context.now);
      default:
        return assertNever(command.type, 'inspection command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'InspectionPerformed.v1': {
        const { inspectionId, kind, filesReviewed, rectificationRequired } = event.data;
        return { status: 'performed', inspectionId, kind, at: event.at, filesReviewed, rectificationRequired };
      }
      default:
        return assertNever(event.type, 'inspection event');
    }
  },

  initialState: () => ({ status: 'none' }),
};
