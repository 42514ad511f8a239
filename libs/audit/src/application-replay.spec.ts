import { ApplicationEvent, NotFoundError, applicationDecider, fold } from '@ledger/domain';
import { AgencyRecords, CalendarStore, WITHHELD, loadLedgerConfig } from '@ledger/ledger';
import { replayApplication } from './application-replay';
import { ApplicationReplayService } from './application-replay.service';
import { APPLICANT, AGENCY, HandBuiltLedger, calendar } from './testing/hand-built-ledger';
import { StoreFixture, storeFixture } from './testing/store-fixture';

const options = { calendar, timeZone: 'Asia/Shanghai' };

describe('application replay', () => {
  describe('when a decision was recorded late by mistake and corrected', () => {
    const ledger = new HandBuiltLedger();
    ledger.file('c1', '2020-03-02T09:00:00+08:00');
    ledger.accept('c1', '2020-03-02');
    const decision = ledger.grant('c1', '2020-04-09');
    ledger.ledgerTime = '2021-04-01T00:00:00.000Z';
    ledger.correct(decision, '2021-04-01', {
      correctedAt: '2020-03-20',
      fields: { outcome: 'denied', reason: 'r', legalBasis: 'b' },
    });
    ledger.disclose('c1', '2021-04-02');
    const replay = replayApplication('c1', ledger.events, options);

    it('shows the decision as recorded at its own step, and as corrected from the correction on', () => {
      expect(replay.steps.map((s) => [s.type, s.state?.decision])).toEqual([
        ['ApplicationFiled.v1', undefined],
        ['ApplicationAccepted.v1', undefined],
        ['DecisionMade.v1', { at: '2020-04-09T10:00:00+08:00', outcome: 'granted' }],
        ['FactCorrected.v1', { at: '2020-03-20T10:00:00+08:00', outcome: 'denied' }],
        ['DecisionDisclosed.v1', { at: '2020-03-20T10:00:00+08:00', outcome: 'denied' }],
      ]);
      expect(replay.finalState?.decision).toEqual({ at: '2020-03-20T10:00:00+08:00', outcome: 'denied' });
    });

    it('judges the decision late as recorded and on time as corrected', () => {
      expect(replay.steps[2].onTime).toBe(false);
      expect(replay.steps[3].onTime).toBe(true);
      expect(replay.steps[4].onTime).toBeUndefined();
    });
  });

  describe('when an application was suspended, resumed, extended and decided', () => {
    const ledger = new HandBuiltLedger();
    ledger.file('a1', '2020-03-02T09:00:00+08:00');
    ledger.accept('a1', '2020-03-02');
    ledger.suspend('a1', '2020-03-10');
    ledger.resume('a1', '2020-03-12');
    ledger.extend('a1', '2020-03-20', 5);
    ledger.grant('a1', '2020-04-09');
    ledger.disclose('a1', '2020-04-10');
    const replay = replayApplication('a1', ledger.events, options);

    it('shows every event with its place, times and actor', () => {
      expect(replay).toMatchObject({ applicationId: 'a1', streamId: `application-${AGENCY}.a1`, agency: AGENCY });
      expect(replay.steps.map((s) => [s.revision, s.position, s.type, s.at])).toEqual([
        [0, '1', 'ApplicationFiled.v1', '2020-03-02T09:00:00+08:00'],
        [1, '2', 'ApplicationAccepted.v1', '2020-03-02T10:00:00+08:00'],
        [2, '3', 'TimeLimitSuspended.v1', '2020-03-10T10:00:00+08:00'],
        [3, '4', 'TimeLimitResumed.v1', '2020-03-12T10:00:00+08:00'],
        [4, '5', 'TimeLimitExtended.v1', '2020-03-20T10:00:00+08:00'],
        [5, '6', 'DecisionMade.v1', '2020-04-09T10:00:00+08:00'],
        [6, '7', 'DecisionDisclosed.v1', '2020-04-10T10:00:00+08:00'],
      ]);
      expect(replay.steps[0]).toMatchObject({
        ledgerTime: '2021-03-01T00:00:00.000Z',
        actor: 'legacy-import',
        agency: AGENCY,
        data: { applicationId: 'a1', itemCode: 'A' },
      });
    });

    it("shows after each event the decider's state folded from the events so far", () => {
      replay.steps.forEach((step, i) =>
        expect(step.state).toEqual(
          fold(applicationDecider, ledger.events.slice(0, i + 1) as unknown as ApplicationEvent[]),
        ),
      );
      expect(replay.steps.map((s) => s.state?.phase)).toEqual([
        'filed',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'decided',
        'decided',
      ]);
      expect(replay.finalState).toMatchObject({
        phase: 'decided',
        decision: { outcome: 'granted' },
        disclosure: { exempt: false },
      });
    });

    it('shows the statutory deadline as it moved: none before acceptance, stopped while suspended, later after the resumption and the extension', () => {
      expect(
        replay.steps.map((s) =>
          s.deadline === null ? null : s.deadline.status === 'known' ? s.deadline.deadline : s.deadline.status,
        ),
      ).toEqual([null, '2020-03-30', 'suspended', '2020-04-01', '2020-04-09', '2020-04-09', '2020-04-09']);
      expect(replay.steps[4].deadline).toEqual({
        status: 'known',
        deadline: '2020-04-09',
        acceptedOn: '2020-03-02',
        limitDays: 20,
        extensionDays: 5,
        suspendedWorkingDays: 2,
      });
      expect(replay.finalDeadline).toEqual(replay.steps[6].deadline);
    });

    it('says on the decision whether it met the deadline, and only there', () => {
      expect(replay.steps.map((s) => s.onTime)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        true,
        undefined,
      ]);
    });
  });

  describe('when a decision came a day late', () => {
    it('marks it not on time', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('late', '2020-03-02T09:00:00+08:00');
      ledger.accept('late', '2020-03-02');
      ledger.deny('late', '2020-03-31');
      expect(replayApplication('late', ledger.events, options).steps[2]).toMatchObject({
        onTime: false,
        deadline: { deadline: '2020-03-30' },
      });
    });
  });

  describe('when a legacy record was decided without acceptance', () => {
    it('replays it anyway, with no deadline and no verdict on time', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('legacy', '2020-03-02T09:00:00+08:00');
      ledger.grant('legacy', '2020-03-05');
      const [, decision] = replayApplication('legacy', ledger.events, options).steps;
      expect(decision).toMatchObject({ deadline: null, onTime: null, state: { phase: 'decided' } });
    });
  });

  describe('ApplicationReplayService on a store', () => {
    let fixture: StoreFixture;
    let service: ApplicationReplayService;
    beforeEach(async () => {
      fixture = await storeFixture();
      service = new ApplicationReplayService(
        fixture.store,
        loadLedgerConfig({}),
        new CalendarStore(fixture.store, () => Date.parse('2021-01-01T00:00:00Z'), {}),
        fixture.vault,
        new AgencyRecords(fixture.store),
      );
    });
    afterEach(() => fixture.close());

    const record = async (seal: boolean) => {
      const ledger = new HandBuiltLedger();
      ledger.file('p1', '2020-03-02T09:00:00+08:00');
      ledger.accept('p1', '2020-03-02');
      await fixture.append(ledger.events, { seal });
    };

    it('withholds the personal data of an application recorded before sealing existed', async () => {
      await record(false);
      const replay = await service.replay('p1', AGENCY);
      expect(replay.steps).toHaveLength(2);
      expect(replay.steps[0].data.applicant).toEqual(WITHHELD);
      const json = JSON.stringify(replay);
      for (const value of Object.values(APPLICANT)) expect(json).not.toContain(value);
      expect(replay.steps[1].deadline).toMatchObject({ status: 'known', deadline: '2020-03-30' });
    });

    it('withholds sealed personal data, and shows an erased subject as erased', async () => {
      await record(true);
      expect((await service.replay('p1', AGENCY)).steps[0].data.applicant).toEqual(WITHHELD);
      let sealed: { subjectId: string } | undefined;
      for await (const stored of fixture.store.readStream(`application-${AGENCY}.p1`))
        sealed ??= (stored.data.applicant as { sealed: { subjectId: string } }).sealed;
      if (!sealed) throw new Error('the filing was not stored');
      await fixture.vault.destroy(sealed.subjectId, '2021-01-01T00:00:00Z');
      expect((await service.replay('p1', AGENCY)).steps[0].data.applicant).toMatchObject({
        erased: true,
        subjectId: sealed.subjectId,
      });
    });

    it('refuses an unknown application, or one of another agency, as not found', async () => {
      await record(false);
      await expect(service.replay('nope', AGENCY)).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.replay('nope', AGENCY)).rejects.toMatchObject({ code: 'APPLICATION.NOT_FOUND' });
      await expect(service.replay('p1', 'other-psb')).rejects.toMatchObject({ code: 'APPLICATION.NOT_FOUND' });
      await expect(service.replay('p1', AGENCY)).resolves.toMatchObject({ agency: AGENCY });
    });

    it('finds an application of an older store under its legacy stream name, for its own agency only', async () => {
      const ledger = new HandBuiltLedger();
      ledger.file('p1', '2020-03-02T09:00:00+08:00');
      ledger.accept('p1', '2020-03-02');
      await fixture.append(ledger.events.map((event) => ({ ...event, streamId: 'application-p1' })));
      await expect(service.replay('p1', AGENCY)).resolves.toMatchObject({
        streamId: 'application-p1',
        agency: AGENCY,
        steps: [{ type: 'ApplicationFiled.v1' }, { type: 'ApplicationAccepted.v1' }],
      });
      await expect(service.replay('p1', 'other-psb')).rejects.toMatchObject({ code: 'APPLICATION.NOT_FOUND' });
    });
  });
});
