import { contextAt } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { rectificationDecider } from './rectification.decider';
import { RecordRectification, UpdateRectification } from './supervision.commands';
import { RectificationRecorded, RectificationStatus, RectificationUpdated } from './supervision.events';

const spec = deciderSpec(rectificationDecider);

const recordIt = (overrides: Partial<RecordRectification> = {}): RecordRectification => ({
  type: 'RecordRectification',
  rectificationId: 'rect-2020-01',
  problem: 'some items not yet fully online',
  measures: 'move the remaining items to the online hall',
  status: 'planned',
  year: 2020,
  at: '2021-01-15T10:00:00+08:00',
  ...overrides,
});
const updateIt = (overrides: Partial<UpdateRectification> = {}): UpdateRectification => ({
  type: 'UpdateRectification',
  rectificationId: 'rect-2020-01',
  status: 'in-progress',
  at: '2021-02-01T10:00:00+08:00',
  ...overrides,
});

const recorded = (data: Partial<RectificationRecorded['data']> = {}): RectificationRecorded => ({
  type: 'RectificationRecorded.v1',
  data: {
    rectificationId: 'rect-2020-01',
    problem: 'some items not yet fully online',
    measures: 'move the remaining items to the online hall',
    status: 'planned',
    year: 2020,
    ...data,
  },
  at: '2021-01-15T10:00:00+08:00',
});
const updated = (
  status: RectificationStatus,
  measures?: string,
  at = '2021-02-01T10:00:00+08:00',
): RectificationUpdated => ({
  type: 'RectificationUpdated.v1',
  data:
    measures === undefined
      ? { rectificationId: 'rect-2020-01', status }
      : { rectificationId: 'rect-2020-01', status, measures },
  at,
});

describe('rectification decider', () => {
  describe('when nothing is recorded', () => {
    const given = spec.given([]);

    it('records the rectification', () => {
      given.when(recordIt()).then([recorded()]);
    });

    it('records it as happening when decided when no time is given', () => {
      given.when(recordIt({ at: undefined })).then([{ ...recorded(), at: '2021-03-30T02:00:00.000Z' }]);
    });

    it('records a rectification that is already completed', () => {
      given.when(recordIt({ status: 'completed' })).then([recorded({ status: 'completed' })]);
    });

    it('records the inspection that found the problem', () => {
      given.when(recordIt({ inspectionId: 'insp-2020-007' })).then([recorded({ inspectionId: 'insp-2020-007' })]);
    });

    it('refuses a blank id', () => {
      given
        .when(recordIt({ rectificationId: ' ' }))
        .thenThrows(ValidationError, 'RECTIFICATION.ID_REQUIRED', 'rectificationId');
    });

    it('refuses a rectification without a problem', () => {
      given.when(recordIt({ problem: '' })).thenThrows(ValidationError, 'RECTIFICATION.PROBLEM_REQUIRED', 'problem');
    });

    it('refuses a rectification without measures', () => {
      given
        .when(recordIt({ measures: ' ' }))
        .thenThrows(ValidationError, 'RECTIFICATION.MEASURES_REQUIRED', 'measures');
    });

    it('refuses an unknown status', () => {
      given
        .when(recordIt({ status: 'abandoned' as never }))
        .thenThrows(ValidationError, 'RECTIFICATION.INVALID_STATUS', 'status');
    });

    it('refuses a blank inspection id', () => {
      given
        .when(recordIt({ inspectionId: '' }))
        .thenThrows(ValidationError, 'RECTIFICATION.INSPECTION_ID_BLANK', 'inspectionId');
    });

    it.each([1989, 2101, 2020.5])('refuses the year %p', (year) => {
      given.when(recordIt({ year })).thenThrows(ValidationError, 'RECTIFICATION.YEAR_OUT_OF_RANGE', 'year');
    });

    it('refuses a year after the current one', () => {
      given.when(recordIt({ year: 2022 })).thenThrows(ValidationError, 'RECTIFICATION.YEAR_IN_FUTURE', 'year');
    });

    it("takes the current year in the agency's time zone", () => {
      const newYearsNightInBeijing = contextAt(Date.parse('2021-01-01T00:30:00+08:00'));
      given
        .when(recordIt({ year: 2021, at: '2021-01-01T00:10:00+08:00' }), newYearsNightInBeijing)
        .then([{ ...recorded({ year: 2021 }), at: '2021-01-01T00:10:00+08:00' }]);
    });

    it('refuses a rectification recorded in the future', () => {
      given.when(recordIt({ at: '2021-04-01T10:00:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });

    it('refuses an update', () => {
      given.when(updateIt()).thenThrows(NotFoundError, 'RECTIFICATION.NOT_FOUND', 'rectificationId');
    });
  });

  describe('when the rectification is planned', () => {
    const given = spec.given([recorded()]);

    it('refuses to record it again', () => {
      given.when(recordIt()).thenThrows(ConflictError, 'RECTIFICATION.ALREADY_RECORDED', 'rectificationId');
    });

    it('moves it forward with new measures', () => {
      given
        .when(updateIt({ measures: 'items moved in batches' }))
        .then([updated('in-progress', 'items moved in batches')]);
    });

    it('skips straight to completed', () => {
      given.when(updateIt({ status: 'completed' })).then([updated('completed')]);
    });

    it('records new measures without a change of status', () => {
      given
        .when(updateIt({ status: 'planned', measures: 'ask the provincial platform for help' }))
        .then([updated('planned', 'ask the provincial platform for help')]);
    });

    it('leaves out measures that did not change', () => {
      given.when(updateIt({ measures: 'move the remaining items to the online hall' })).then([updated('in-progress')]);
    });

    it('refuses an update that changes nothing', () => {
      given
        .when(updateIt({ status: 'planned', measures: 'move the remaining items to the online hall' }))
        .thenThrows(ValidationError, 'RECTIFICATION.NO_CHANGE', undefined);
    });

    it('refuses blank measures', () => {
      given
        .when(updateIt({ measures: ' ' }))
        .thenThrows(ValidationError, 'RECTIFICATION.MEASURES_REQUIRED', 'measures');
    });

    it('refuses an update before the rectification was recorded', () => {
      given
        .when(updateIt({ at: '2021-01-15T09:59:59+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
    });

    it('refuses an update of another rectification', () => {
      given
        .when(updateIt({ rectificationId: 'rect-2020-02' }))
        .thenThrows(NotFoundError, 'RECTIFICATION.NOT_FOUND', 'rectificationId');
    });
  });

  describe('when the rectification is in progress', () => {
    const given = spec.given([recorded(), updated('in-progress', 'items moved in batches')]);

    it('refuses to go back to planned', () => {
      given
        .when(updateIt({ status: 'planned', at: '2021-03-01T10:00:00+08:00' }))
        .thenThrows(IllegalTransitionError, 'RECTIFICATION.STATUS_BACKWARDS', 'status');
    });

    it('keeps the latest status and measures', () => {
      given.thenState({
        status: 'in-progress',
        rectificationId: 'rect-2020-01',
        problem: 'some items not yet fully online',
        measures: 'items moved in batches',
        year: 2020,
        lastAt: '2021-02-01T10:00:00+08:00',
      });
    });
  });

  describe('when the rectification is completed', () => {
    const given = spec.given([recorded(), updated('completed', undefined, '2021-03-01T10:00:00+08:00')]);

    it('refuses any further update', () => {
      given
        .when(updateIt({ status: 'completed', measures: 'a later note', at: '2021-03-02T10:00:00+08:00' }))
        .thenThrows(IllegalTransitionError, 'RECTIFICATION.ALREADY_COMPLETED', 'status');
    });
  });
});
