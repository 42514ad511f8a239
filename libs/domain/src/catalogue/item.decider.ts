import { Decider, DecisionContext } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireText } from '../shared/rules';
import { parseInstant } from '../shared/time';
import { AmendItem, ItemCommand, RegisterItem, RetireItem } from './item.commands';
import { HandlingType, ItemAmended, ItemAttributes, ItemEvent, ItemRegistered, ItemRetired } from './item.events';

/** The attributes in force from one instant on, until the next version or the retirement. */
export interface ItemVersion {
  readonly effectiveFrom: string;
  readonly attributes: ItemAttributes;
}

/**
 * One item's stream folded: its timeline of versions in order of `effectiveFrom` (strictly
 * increasing: an amendment from the same instant as the last version replaces it) and, once
 * recorded, its retirement.
 */
export type ItemState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly code: string;
      readonly versions: readonly ItemVersion[];
      readonly retiredFrom?: string;
      readonly retirementReason?: string;
    };

/** Why an item is, or is not, in force at an instant. */
export type ItemStatus =
  | { readonly status: 'unregistered' }
  | { readonly status: 'not-yet-effective'; readonly code: string; readonly effectiveFrom: string }
  | {
      readonly status: 'in-force';
      readonly code: string;
      readonly effectiveFrom: string;
      readonly attributes: ItemAttributes;
    }
  | { readonly status: 'retired'; readonly code: string; readonly retiredFrom: string; readonly reason: string };

/**
 * 即办件 are decided on the spot, but many agencies publish them with a promise of one working
 * day (the certificate is handed over the next day), so an immediate item may promise 0 or 1.
 */
export const IMMEDIATE_MAX_PROMISED_DAYS = 1;
/** A statutory time limit longer than a year is a typing error, not a law. */
export const MAX_STATUTORY_DAYS = 365;

type AttributeCheck = (value: unknown, field: string) => void;

const text =
  (code: string): AttributeCheck =>
  (value, field) => {
    if (typeof value !== 'string' || value.trim() === '')
      throw new ValidationError(code, `${field} is required and must not be blank`, field);
  };

const wholeNumber =
  (min: number, max: number, code: string, what: string): AttributeCheck =>
  (value, field) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ValidationError(code, `${field} must be ${what}, got ${JSON.stringify(value)}`, field);
    }
  };

const flag: AttributeCheck = (value, field) => {
  if (typeof value !== 'boolean')
    throw new ValidationError(
      'ITEM.INVALID_FLAG',
      `${field} must be true or false, got ${JSON.stringify(value)}`,
      field,
    );
};

const HANDLING_TYPES: readonly HandlingType[] = ['immediate', 'promised'];
const handlingType: AttributeCheck = (value, field) => {
  if (!HANDLING_TYPES.includes(value as HandlingType)) {
    throw new ValidationError(
      'ITEM.INVALID_HANDLING_TYPE',
      `${field} must be one of ${HANDLING_TYPES.join(', ')}, got ${JSON.stringify(value)}`,
      field,
    );
  }
};

/** One check per attribute; the mapped type makes the compiler insist every attribute has one. */
const ATTRIBUTE_CHECKS: { readonly [K in keyof ItemAttributes]-?: AttributeCheck } = {
  name: text('ITEM.NAME_REQUIRED'),
  department: text('ITEM.DEPARTMENT_REQUIRED'),
  statutoryDays: wholeNumber(
    1,
    MAX_STATUTORY_DAYS,
    'ITEM.INVALID_STATUTORY_DAYS',
    `a whole number of working days from 1 to ${MAX_STATUTORY_DAYS}`,
  ),
  promisedDays: wholeNumber(
    0,
    Number.MAX_SAFE_INTEGER,
    'ITEM.INVALID_PROMISED_DAYS',
    'a whole number of working days, 0 or more',
  ),
  handlingType,
  requiredVisits: wholeNumber(0, Number.MAX_SAFE_INTEGER, 'ITEM.INVALID_REQUIRED_VISITS', 'a whole number, 0 or more'),
  fullyOnline: flag,
  inStandardCatalogue: flag,
  inOnlineHall: flag,
  disclosable: flag,
};
const ATTRIBUTE_KEYS = Object.keys(ATTRIBUTE_CHECKS) as (keyof ItemAttributes)[];

const isAttribute = (key: string): key is keyof ItemAttributes =>
  Object.prototype.hasOwnProperty.call(ATTRIBUTE_CHECKS, key);

function pickAttributes(source: ItemAttributes): ItemAttributes {
  return Object.fromEntries(ATTRIBUTE_KEYS.map((key) => [key, source[key]])) as unknown as ItemAttributes;
}

/** The changes whose value is given (a JSON PATCH body cannot say `undefined`, but a caller might). */
function givenChanges(changes: Partial<ItemAttributes> | undefined): Partial<ItemAttributes> {
  return Object.fromEntries(
    Object.entries(changes ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<ItemAttributes>;
}

/**
 * Rules between attributes. On an amendment the error names the attribute the amendment
 * changed, so the clerk sees which of their inputs clashes with the item as it stands.
 */
function checkCoherence(attributes: ItemAttributes, changed?: Partial<ItemAttributes>): void {
  const blame = (own: keyof ItemAttributes, other: keyof ItemAttributes) =>
    changed === undefined || own in changed ? own : other;
  if (attributes.promisedDays > attributes.statutoryDays) {
    throw new ValidationError(
      'ITEM.PROMISED_EXCEEDS_STATUTORY',
      `the promised time limit (${attributes.promisedDays} working days) must not exceed the statutory one (${attributes.statutoryDays})`,
      blame('promisedDays', 'statutoryDays'),
    );
  }
  if (attributes.handlingType === 'immediate' && attributes.promisedDays > IMMEDIATE_MAX_PROMISED_DAYS) {
    throw new ValidationError(
      'ITEM.IMMEDIATE_PROMISED_DAYS',
      `an immediate (即办) item promises at most ${IMMEDIATE_MAX_PROMISED_DAYS} working day, not ${attributes.promisedDays}`,
      blame('promisedDays', 'handlingType'),
    );
  }
}

/**
 * The business time of a catalogue change. The commands carry no `at`: the change happens when
 * it takes effect, unless that lies in the future, in which case the fact recorded today is the
 * scheduling, so it happens now. Business times therefore never lie in the future, and they
 * follow one another because effective dates do.
 */
function factTime(effectiveFrom: string, effectiveFromMs: number, context: DecisionContext): string {
  return effectiveFromMs <= context.now ? effectiveFrom : new Date(context.now).toISOString();
}

const latestVersion = (versions: readonly ItemVersion[]): ItemVersion => versions[versions.length - 1];

type RegisteredItem = Extract<ItemState, { status: 'registered' }>;

function requireChangeable(code: string, state: ItemState): RegisteredItem {
  if (state.status === 'unregistered' || state.code !== code)
    throw new NotFoundError('ITEM.NOT_FOUND', `no licensing item ${code} is registered`, 'code');
  if (state.retiredFrom !== undefined) {
    throw new IllegalTransitionError(
      'ITEM.RETIRED',
      `item ${code} is retired from ${state.retiredFrom} and can no longer change`,
      'code',
    );
  }
  return state;
}

/** Versions are appended in effect order: a change cannot slip in before the version now last. */
function requireEffectiveAfterLatest(effectiveFrom: string, item: RegisteredItem): number {
  const ms = parseInstant(effectiveFrom, 'effectiveFrom');
  const latest = latestVersion(item.versions);
  if (ms < Date.parse(latest.effectiveFrom)) {
    const what = item.versions.length === 1 ? 'its registration' : 'its last amendment';
    throw new ValidationError(
      'ITEM.EFFECTIVE_FROM_TOO_EARLY',
      `effectiveFrom ${effectiveFrom} is before ${what}, in force from ${latest.effectiveFrom}`,
      'effectiveFrom',
    );
  }
  return ms;
}

function register(command: RegisterItem, state: ItemState, context: DecisionContext): ItemRegistered[] {
  if (state.status === 'registered')
    throw new ConflictError(
      'ITEM.ALREADY_REGISTERED',
      `item ${state.code} is already registered; amend it instead`,
      'code',
    );
  const code = requireText(command.code, 'code', 'ITEM.CODE_REQUIRED', 'the item code');
  const effectiveFromMs = parseInstant(command.effectiveFrom, 'effectiveFrom');
  for (const key of ATTRIBUTE_KEYS) ATTRIBUTE_CHECKS[key](command[key], key);
  const attributes = pickAttributes(command);
  checkCoherence(attributes);
  return [
    {
      type: 'ItemRegistered.v1',
      data: { code, ...attributes, effectiveFrom: command.effectiveFrom },
      at: factTime(command.effectiveFrom, effectiveFromMs, context),
    },
  ];
}

function amend(command: AmendItem, state: ItemState, context: DecisionContext): ItemAmended[] {
  const item = requireChangeable(command.code, state);
  const effectiveFromMs = requireEffectiveAfterLatest(command.effectiveFrom, item);
  const proposed = givenChanges(command.changes);
  for (const [key, value] of Object.entries(proposed)) {
    if (!isAttribute(key))
      throw new ValidationError('ITEM.UNKNOWN_ATTRIBUTE', `${key} is not an attribute an amendment can change`, key);
    ATTRIBUTE_CHECKS[key](value, key);
  }
  const current = latestVersion(item.versions).attributes;
  // Only what differs is recorded: the event says what changed, not what the clerk re-sent.
  const changes = Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => current[key as keyof ItemAttributes] !== value),
  ) as Partial<ItemAttributes>;
  if (Object.keys(changes).length === 0) {
    throw new ValidationError(
      'ITEM.NO_CHANGE',
      `the amendment changes nothing: item ${item.code} already has these attributes`,
    );
  }
  checkCoherence({ ...current, ...changes }, changes);
  return [
    {
      type: 'ItemAmended.v1',
      data: { code: item.code, changes, effectiveFrom: command.effectiveFrom },
      at: factTime(command.effectiveFrom, effectiveFromMs, context),
    },
  ];
}

function retire(command: RetireItem, state: ItemState, context: DecisionContext): ItemRetired[] {
  const item = requireChangeable(command.code, state);
  const effectiveFromMs = requireEffectiveAfterLatest(command.effectiveFrom, item);
  const reason = requireText(
    command.reason,
    'reason',
    'ITEM.REASON_REQUIRED',
    'why the item is retired (e.g. the law or notice that abolished it)',
  );
  return [
    {
      type: 'ItemRetired.v1',
      data: { code: item.code, effectiveFrom: command.effectiveFrom, reason },
      at: factTime(command.effectiveFrom, effectiveFromMs, context),
    },
  ];
}

/**
 * The licensing-item catalogue, one stream per item (`recordStreamId('item', agency, code)`). Registered once; amended
 * from an effective date on; retired once, after which it no longer changes. Effective dates
 * may lie in the future and never go back before the latest version.
 */
export const itemDecider: Decider<ItemCommand, ItemEvent, ItemState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterItem':
        return register(command, state, context);
      case 'AmendItem':
        return amend(command, state, context);
      case 'RetireItem':
        return retire(command, state, context);
      default:
        return assertNever(command, 'item command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ItemRegistered.v1':
        return {
          status: 'registered',
          code: event.data.code,
          versions: [{ effectiveFrom: event.data.effectiveFrom, attributes: pickAttributes(event.data) }],
        };
      case 'ItemAmended.v1': {
        if (state.status === 'unregistered') return state;
        const latest = latestVersion(state.versions);
        const next: ItemVersion = {
          effectiveFrom: event.data.effectiveFrom,
          attributes: pickAttributes({ ...latest.attributes, ...givenChanges(event.data.changes) }),
        };
        const replacesLatest = Date.parse(next.effectiveFrom) === Date.parse(latest.effectiveFrom);
        return { ...state, versions: [...(replacesLatest ? state.versions.slice(0, -1) : state.versions), next] };
      }
      case 'ItemRetired.v1':
        if (state.status === 'unregistered') return state;
        return { ...state, retiredFrom: event.data.effectiveFrom, retirementReason: event.data.reason };
      default:
        return assertNever(event, 'item event');
    }
  },

  initialState: () => ({ status: 'unregistered' }),
};

/**
 * Whether the item is in force at an instant, and if not, why. A version is in force from its
 * `effectiveFrom` (inclusive); a retirement ends it from its `effectiveFrom` (inclusive).
 * `instant` is an ISO-8601 instant with offset or epoch ms.
 */
export function itemStatusOn(state: ItemState, instant: string | number): ItemStatus {
  if (state.status === 'unregistered') return { status: 'unregistered' };
  const ms = typeof instant === 'number' ? instant : parseInstant(instant, 'instant');
  if (state.retiredFrom !== undefined && ms >= Date.parse(state.retiredFrom)) {
    return {
      status: 'retired',
      code: state.code,
      retiredFrom: state.retiredFrom,
      reason: state.retirementReason ?? '',
    };
  }
  let inForce: ItemVersion | undefined;
  for (const version of state.versions) {
    if (Date.parse(version.effectiveFrom) > ms) break;
    inForce = version;
  }
  if (inForce === undefined)
    return { status: 'not-yet-effective', code: state.code, effectiveFrom: state.versions[0].effectiveFrom };
  return { status: 'in-force', code: state.code, effectiveFrom: inForce.effectiveFrom, attributes: inForce.attributes };
}

/**
 * The attributes in force at an instant; undefined when the item is not registered, not yet
 * effective, or retired by then (ask `itemStatusOn` which).
 */
export function itemInForceOn(state: ItemState, instant: string | number): ItemAttributes | undefined {
  const status = itemStatusOn(state, instant);
  return status.status === 'in-force' ? status.attributes : undefined;
}

/** A sentence for an error message about an item's status, e.g. why an application cannot name it. */
export function describeItemStatus(code: string, status: ItemStatus): string {
  switch (status.status) {
    case 'unregistered':
      return `licensing item ${code} is not registered`;
    case 'not-yet-effective':
      return `licensing item ${code} is not yet in force: it takes effect from ${status.effectiveFrom}`;
    case 'retired':
      return `licensing item ${code} was retired from ${status.retiredFrom}${status.reason ? ` (${status.reason})` : ''}`;
    case 'in-force':
      return `licensing item ${code} is in force (version effective from ${status.effectiveFrom})`;
    default:
      return assertNever(status, 'item status');
  }
}
