import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { AmendItem, RegisterItem, RetireItem } from './item.commands';
import { describeItemStatus, itemDecider, itemInForceOn, ItemState, itemStatusOn } from './item.decider';
import { ItemAmended, ItemAttributes, ItemRegistered, ItemRetired } from './item.events';
import { deciderSpec } from '../testing/decider-spec';

const spec = deciderSpec(itemDecider);
const CODE = 'JM-ZA-001';

/** 旅馆业特种行业许可证核发: a promised item of the public-order department. */
const HOTEL_PERMIT: ItemAttributes = {
  name: '旅馆业特种行业许可证核发',
  department: '治安',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 1,
  fullyOnline: false,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
};

const register = (overrides: Partial<RegisterItem> = {}): RegisterItem => ({
  type: 'RegisterItem',
  code: CODE,
  ...HOTEL_PERMIT,
  effectiveFrom: '2015-01-01T00:00:00+08:00',
  ...overrides,
});
const amend = (
  changes: Partial<ItemAttributes>,
  effectiveFrom = '2020-07-01T00:00:00+08:00',
  code = CODE,
): AmendItem => ({
  type: 'AmendItem',
  code,
  changes,
  effectiveFrom,
});
const retire = (overrides: Partial<RetireItem> = {}): RetireItem => ({
  type: 'RetireItem',
  code: CODE,
  effectiveFrom: '2021-01-01T00:00:00+08:00',
  reason: '粤府令第270号 abolished the permit',
  ...overrides,
});

const registered: ItemRegistered = {
  type: 'ItemRegistered.v1',
  data: { code: CODE, ...HOTEL_PERMIT, effectiveFrom: '2015-01-01T00:00:00+08:00' },
  at: '2015-01-01T00:00:00+08:00',
};
const amended = (changes: Partial<ItemAttributes>, effectiveFrom = '2020-07-01T00:00:00+08:00'): ItemAmended => ({
  type: 'ItemAmended.v1',
  data: { code: CODE, changes, effectiveFrom },
  at: effectiveFrom,
});
const retired: ItemRetired = {
  type: 'ItemRetired.v1',
  data: { code: CODE, effectiveFrom: '2021-01-01T00:00:00+08:00', reason: '粤府令第270号 abolished the permit' },
  at: '2021-01-01T00:00:00+08:00',
};

describe('item decider', () => {
  describe('when the item is not registered', () => {
    const given = spec.given([]);

    it('registers it with every attribute from its effective date', () => {
      given.when(register()).then([registered]);
    });

    it('records a registration that takes effect in the future as happening when it was decided', () => {
      given.when(register({ effectiveFrom: '2021-07-01T00:00:00+08:00' })).then([
        {
          type: 'ItemRegistered.v1',
          data: { code: CODE, ...HOTEL_PERMIT, effectiveFrom: '2021-07-01T00:00:00+08:00' },
          at: '2021-03-30T02:00:00.000Z',
        },
      ]);
    });

    it('refuses a blank code', () => {
      given.when(register({ code: ' ' })).thenThrows(ValidationError, 'ITEM.CODE_REQUIRED', 'code');
    });

    it('refuses a blank name', () => {
      given.when(register({ name: '' })).thenThrows(ValidationError, 'ITEM.NAME_REQUIRED', 'name');
    });

    it('refuses a blank department', () => {
      given.when(register({ department: '  ' })).thenThrows(ValidationError, 'ITEM.DEPARTMENT_REQUIRED', 'department');
    });

    it('refuses an effective date that is not an instant with an offset', () => {
      given
        .when(register({ effectiveFrom: '2015-01-01' }))
        .thenThrows(ValidationError, 'TIME.INVALID', 'effectiveFrom');
    });

    it.each([0, 366, 2.5, Number.NaN])('refuses %p statutory days', (statutoryDays) => {
      given
        .when(register({ statutoryDays }))
        .thenThrows(ValidationError, 'ITEM.INVALID_STATUTORY_DAYS', 'statutoryDays');
    });

    it.each([1, 365])('accepts %p statutory days', (statutoryDays) => {
      given
        .when(register({ statutoryDays, promisedDays: 1 }))
        .then([{ ...registered, data: { ...registered.data, statutoryDays, promisedDays: 1 } }]);
    });

    it.each([-1, 1.5])('refuses %p promised days', (promisedDays) => {
      given.when(register({ promisedDays })).thenThrows(ValidationError, 'ITEM.INVALID_PROMISED_DAYS', 'promisedDays');
    });

    it.each([-1, 0.5])('refuses %p required visits', (requiredVisits) => {
      given
        .when(register({ requiredVisits }))
        .thenThrows(ValidationError, 'ITEM.INVALID_REQUIRED_VISITS', 'requiredVisits');
    });

    it('refuses a promised time limit longer than the statutory one', () => {
      given
        .when(register({ statutoryDays: 20, promisedDays: 21 }))
        .thenThrows(ValidationError, 'ITEM.PROMISED_EXCEEDS_STATUTORY', 'promisedDays');
    });

    it('accepts a promised time limit equal to the statutory one', () => {
      given
        .when(register({ statutoryDays: 20, promisedDays: 20 }))
        .then([{ ...registered, data: { ...registered.data, promisedDays: 20 } }]);
    });

    it.each([0, 1])('accepts an immediate item promising %p working days', (promisedDays) => {
      given
        .when(register({ handlingType: 'immediate', promisedDays }))
        .then([{ ...registered, data: { ...registered.data, handlingType: 'immediate', promisedDays } }]);
    });

    it('refuses an immediate item promising more than one working day', () => {
      given
        .when(register({ handlingType: 'immediate', promisedDays: 2 }))
        .thenThrows(ValidationError, 'ITEM.IMMEDIATE_PROMISED_DAYS', 'promisedDays');
    });

    it('refuses an unknown handling type', () => {
      given
        .when(register({ handlingType: 'urgent' as never }))
        .thenThrows(ValidationError, 'ITEM.INVALID_HANDLING_TYPE', 'handlingType');
    });

    it.each(['fullyOnline', 'inStandardCatalogue', 'inOnlineHall', 'disclosable'] as const)(
      'refuses a %s that is not true or false',
      (flag) => {
        given.when(register({ [flag]: 'yes' as never })).thenThrows(ValidationError, 'ITEM.INVALID_FLAG', flag);
      },
    );

    it('refuses an amendment', () => {
      given.when(amend({ promisedDays: 3 })).thenThrows(NotFoundError, 'ITEM.NOT_FOUND', 'code');
    });

    it('refuses a retirement', () => {
      given.when(retire()).thenThrows(NotFoundError, 'ITEM.NOT_FOUND', 'code');
    });
  });

  describe('when the item is registered', () => {
    const given = spec.given([registered]);

    it('refuses to register it again', () => {
      given.when(register()).thenThrows(ConflictError, 'ITEM.ALREADY_REGISTERED', 'code');
    });

    it('records an amendment with only the attributes that change', () => {
      given
        .when(amend({ name: HOTEL_PERMIT.name, promisedDays: 3, fullyOnline: true }))
        .then([amended({ promisedDays: 3, fullyOnline: true })]);
    });

    it('records an amendment that takes effect in the future as happening when it was decided', () => {
      given
        .when(amend({ promisedDays: 3 }, '2022-01-01T00:00:00+08:00'))
        .then([{ ...amended({ promisedDays: 3 }, '2022-01-01T00:00:00+08:00'), at: '2021-03-30T02:00:00.000Z' }]);
    });

    it('accepts an amendment from the registration instant, correcting the registration', () => {
      given
        .when(amend({ promisedDays: 3 }, '2015-01-01T00:00:00+08:00'))
        .then([amended({ promisedDays: 3 }, '2015-01-01T00:00:00+08:00')]);
    });

    it('refuses an amendment that takes effect before the registration', () => {
      given
        .when(amend({ promisedDays: 3 }, '2014-12-31T23:59:59+08:00'))
        .thenThrows(ValidationError, 'ITEM.EFFECTIVE_FROM_TOO_EARLY', 'effectiveFrom');
    });

    it('refuses an amendment for another item code', () => {
      given
        .when(amend({ promisedDays: 3 }, undefined, 'JM-JJ-002'))
        .thenThrows(NotFoundError, 'ITEM.NOT_FOUND', 'code');
    });

    it('refuses an amendment that restates the current attributes', () => {
      given
        .when(amend({ promisedDays: 5, department: '治安' }))
        .thenThrows(ValidationError, 'ITEM.NO_CHANGE', undefined);
    });

    it('refuses an amendment without changes', () => {
      given.when(amend({})).thenThrows(ValidationError, 'ITEM.NO_CHANGE', undefined);
    });

    it('refuses to change what is not an attribute, such as the code', () => {
      given
        .when(amend({ code: 'JM-ZA-999' } as Partial<ItemAttributes>))
        .thenThrows(ValidationError, 'ITEM.UNKNOWN_ATTRIBUTE', 'code');
    });

    it('refuses an invalid attribute value', () => {
      given
        .when(amend({ statutoryDays: 0 }))
        .thenThrows(ValidationError, 'ITEM.INVALID_STATUTORY_DAYS', 'statutoryDays');
    });

    it('refuses a statutory time limit below the promised one, naming the changed attribute', () => {
      given
        .when(amend({ statutoryDays: 4 }))
        .thenThrows(ValidationError, 'ITEM.PROMISED_EXCEEDS_STATUTORY', 'statutoryDays');
    });

    it('refuses to make an item immediate while it promises more than one working day', () => {
      given
        .when(amend({ handlingType: 'immediate' }))
        .thenThrows(ValidationError, 'ITEM.IMMEDIATE_PROMISED_DAYS', 'handlingType');
    });

    it('records a retirement with its reason', () => {
      given.when(retire()).then([retired]);
    });

    it('refuses a retirement without a reason', () => {
      given.when(retire({ reason: ' ' })).thenThrows(ValidationError, 'ITEM.REASON_REQUIRED', 'reason');
    });

    it('refuses a retirement that takes effect before the registration', () => {
      given
        .when(retire({ effectiveFrom: '2014-06-01T00:00:00+08:00' }))
        .thenThrows(ValidationError, 'ITEM.EFFECTIVE_FROM_TOO_EARLY', 'effectiveFrom');
    });
  });

  describe('when the item has been amended', () => {
    const given = spec.given([registered, amended({ promisedDays: 3 })]);

    it('refuses an amendment that takes effect before the last amendment', () => {
      given
        .when(amend({ promisedDays: 2 }, '2020-06-30T23:59:59+08:00'))
        .thenThrows(ValidationError, 'ITEM.EFFECTIVE_FROM_TOO_EARLY', 'effectiveFrom');
    });

    it('refuses a retirement that takes effect before the last amendment', () => {
      given
        .when(retire({ effectiveFrom: '2020-01-01T00:00:00+08:00' }))
        .thenThrows(ValidationError, 'ITEM.EFFECTIVE_FROM_TOO_EARLY', 'effectiveFrom');
    });

    it('compares an amendment with the latest version', () => {
      given
        .when(amend({ promisedDays: 3 }, '2020-09-01T00:00:00+08:00'))
        .thenThrows(ValidationError, 'ITEM.NO_CHANGE', undefined);
    });

    it('keeps the timeline of versions', () => {
      given.thenState({
        status: 'registered',
        code: CODE,
        versions: [
          { effectiveFrom: '2015-01-01T00:00:00+08:00', attributes: HOTEL_PERMIT },
          { effectiveFrom: '2020-07-01T00:00:00+08:00', attributes: { ...HOTEL_PERMIT, promisedDays: 3 } },
        ],
      });
    });

    it('replaces the latest version with an amendment from the same instant', () => {
      spec
        .given([registered, amended({ promisedDays: 3 }), amended({ fullyOnline: true }, '2020-06-30T16:00:00Z')])
        .thenState({
          status: 'registered',
          code: CODE,
          versions: [
            { effectiveFrom: '2015-01-01T00:00:00+08:00', attributes: HOTEL_PERMIT },
            {
              effectiveFrom: '2020-06-30T16:00:00Z',
              attributes: { ...HOTEL_PERMIT, promisedDays: 3, fullyOnline: true },
            },
          ],
        });
    });
  });

  describe('when the item is retired', () => {
    const given = spec.given([registered, retired]);

    it('refuses an amendment', () => {
      given.when(amend({ promisedDays: 3 })).thenThrows(IllegalTransitionError, 'ITEM.RETIRED', 'code');
    });

    it('refuses a second retirement', () => {
      given
        .when(retire({ effectiveFrom: '2021-02-01T00:00:00+08:00' }))
        .thenThrows(IllegalTransitionError, 'ITEM.RETIRED', 'code');
    });

    it('refuses to register the code again', () => {
      given.when(register()).thenThrows(ConflictError, 'ITEM.ALREADY_REGISTERED', 'code');
    });

    it('keeps the retirement and its reason', () => {
      given.thenState({
        status: 'registered',
        code: CODE,
        versions: [{ effectiveFrom: '2015-01-01T00:00:00+08:00', attributes: HOTEL_PERMIT }],
        retiredFrom: '2021-01-01T00:00:00+08:00',
        retirementReason: '粤府令第270号 abolished the permit',
      });
    });
  });
});

describe('item in force', () => {
  const stateOf = (...events: Parameters<typeof itemDecider.evolve>[1][]): ItemState =>
    events.reduce(itemDecider.evolve, itemDecider.initialState());

  describe('when the item is not registered', () => {
    it('is not in force', () => {
      expect(itemInForceOn(stateOf(), '2020-06-01T09:00:00+08:00')).toBeUndefined();
    });

    it('says it is not registered', () => {
      expect(itemStatusOn(stateOf(), '2020-06-01T09:00:00+08:00')).toEqual({ status: 'unregistered' });
    });
  });

  describe('when the item takes effect later', () => {
    const state = stateOf({ ...registered, data: { ...registered.data, effectiveFrom: '2021-07-01T00:00:00+08:00' } });

    it('is not in force before its effective date', () => {
      expect(itemInForceOn(state, '2021-06-30T23:59:59+08:00')).toBeUndefined();
    });

    it('says when it takes effect', () => {
      expect(itemStatusOn(state, '2021-06-30T23:59:59+08:00')).toEqual({
        status: 'not-yet-effective',
        code: CODE,
        effectiveFrom: '2021-07-01T00:00:00+08:00',
      });
    });

    it('is in force from its effective instant on', () => {
      expect(itemInForceOn(state, '2021-06-30T16:00:00Z')).toEqual(HOTEL_PERMIT);
    });
  });

  describe('when the item has been amended', () => {
    const state = stateOf(registered, amended({ promisedDays: 3 }));

    it('has its registered attributes before the amendment takes effect', () => {
      expect(itemInForceOn(state, '2020-06-30T23:59:59+08:00')).toEqual(HOTEL_PERMIT);
    });

    it('has the amended attributes once the amendment takes effect', () => {
      expect(itemStatusOn(state, '2020-07-01T00:00:00+08:00')).toEqual({
        status: 'in-force',
        code: CODE,
        effectiveFrom: '2020-07-01T00:00:00+08:00',
        attributes: { ...HOTEL_PERMIT, promisedDays: 3 },
      });
    });

    it('accepts the instant as epoch milliseconds', () => {
      expect(itemInForceOn(state, Date.parse('2020-12-31T23:59:59+08:00'))).toEqual({
        ...HOTEL_PERMIT,
        promisedDays: 3,
      });
    });

    it('refuses an instant that is not ISO-8601 with an offset', () => {
      expect(() => itemStatusOn(state, '2020-07-01')).toThrow(
        expect.objectContaining({ code: 'TIME.INVALID', field: 'instant' }),
      );
    });
  });

  describe('when the item is retired', () => {
    const state = stateOf(registered, retired);

    it('is in force until just before its retirement', () => {
      expect(itemInForceOn(state, '2020-12-31T23:59:59+08:00')).toEqual(HOTEL_PERMIT);
    });

    it('is not in force from its retirement on', () => {
      expect(itemInForceOn(state, '2021-01-01T00:00:00+08:00')).toBeUndefined();
    });

    it('says since when and why it is retired', () => {
      expect(itemStatusOn(state, '2021-03-30T10:00:00+08:00')).toEqual({
        status: 'retired',
        code: CODE,
        retiredFrom: '2021-01-01T00:00:00+08:00',
        reason: '粤府令第270号 abolished the permit',
      });
    });

    it('explains the retirement in words', () => {
      expect(describeItemStatus(CODE, itemStatusOn(state, '2021-03-30T10:00:00+08:00'))).toBe(
        'licensing item JM-ZA-001 was retired from 2021-01-01T00:00:00+08:00 (粤府令第270号 abolished the permit)',
      );
    });
  });
});
