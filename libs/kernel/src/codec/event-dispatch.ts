import { LedgerEvent, LedgerEventType, Recorded } from '@ledger/domain';

/** The decoded event of one type, as a handler keyed by that type receives it. */
export type RecordedOf<T extends LedgerEventType> = Recorded<Extract<LedgerEvent, { type: T }>>;

/**
 * One handler per event type, each receiving its own type's event (the house style's dispatch by
 * a map keyed by event type, which keeps TypeScript's narrowing where an integer code or a cast
 * would lose it), and a context every handler of the map shares.
 */
export type EventHandlers<Context = void> = {
  readonly [T in LedgerEventType]: (event: RecordedOf<T>, context: Context) => void;
};

/** Like {@link EventHandlers}, for readers that act on a few types and leave the others alone. */
export type SomeEventHandlers<Context = void> = Partial<EventHandlers<Context>>;

/**
 * Calls the handler of the event's type, if the map has one. Generic in the type so that the
 * compiler pairs each handler with its own event (a correlated union, TypeScript #47109)
 * without a cast. Fixed arity: folding a store calls it once per event.
 */
export function dispatchEvent<T extends LedgerEventType, Context>(
  handlers: SomeEventHandlers<Context>,
  event: RecordedOf<T> & { readonly type: T },
  context: Context,
): void {
  const handler: ((event: RecordedOf<T>, context: Context) => void) | undefined = handlers[event.type];
  if (handler !== undefined) handler(event, context);
}
