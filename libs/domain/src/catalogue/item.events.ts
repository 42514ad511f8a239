import { Event } from '../shared/event';

export type HandlingType = 'immediate' | 'promised';

/** What an item is; every amendment restates the changed attributes from a date. */
export interface ItemAttributes {
  readonly name: string;
  /** The agency's own department name as given (治安, 交警, 出入境, 禁毒, 科信, …); figures are keyed by it. */
  readonly department: string;
  /** 法定时限, working days. */
  readonly statutoryDays: number;
  /** 承诺时限, working days. */
  readonly promisedDays: number;
  /** 即办件 immediate / 承诺件 promised. */
  readonly handlingType: HandlingType;
  /** 到现场次数: on-site visits an applicant must make. */
  readonly requiredVisits: number;
  /** 全程网办. */
  readonly fullyOnline: boolean;
  /** Listed in the standard catalogue 标准化目录. */
  readonly inStandardCatalogue: boolean;
  /** Entered in the online service hall 网上办事大厅. */
  readonly inOnlineHall: boolean;
  /** False where the law forbids disclosing decisions (exit-entry: the Passport Law). */
  readonly disclosable: boolean;
}

export type ItemRegistered = Event<'ItemRegistered.v1', ItemAttributes & { code: string; effectiveFrom: string }>;
export type ItemAmended = Event<
  'ItemAmended.v1',
  { code: string; changes: Partial<ItemAttributes>; effectiveFrom: string }
>;
export type ItemRetired = Event<'ItemRetired.v1', { code: string; effectiveFrom: string; reason: string }>;

export type ItemEvent = ItemRegistered | ItemAmended | ItemRetired;

export const ITEM_EVENT_TYPES = [
  'ItemRegistered.v1',
  'ItemAmended.v1',
  'ItemRetired.v1',
] as const satisfies readonly ItemEvent['type'][];
