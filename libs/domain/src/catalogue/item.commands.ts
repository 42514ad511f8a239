import { ItemAttributes } from './item.events';

/**
 * POST /v1/items: registers a licensing item with every attribute. `effectiveFrom` is when the
 * item enters into force and may lie in the future (an item scheduled to take effect).
 */
export type RegisterItem = Readonly<{ type: 'RegisterItem'; code: string; effectiveFrom: string } & ItemAttributes>;

/** PATCH /v1/items/{code}: the attributes that change from `effectiveFrom` on (which may lie in the future). */
export type AmendItem = Readonly<{
  type: 'AmendItem';
  code: string;
  changes: Partial<ItemAttributes>;
  effectiveFrom: string;
}>;

/** POST /v1/items/{code}/retirement: the item is no longer in force from `effectiveFrom` on. */
export type RetireItem = Readonly<{ type: 'RetireItem'; code: string; effectiveFrom: string; reason: string }>;

export type ItemCommand = RegisterItem | AmendItem | RetireItem;
