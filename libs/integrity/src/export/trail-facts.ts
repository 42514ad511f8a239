import type { RecordedEvent } from '@ledger/event-store';
import type { StreamFacts } from '../ledger-tree/integrity-index';

/**
 * Later events of an application (accepted, decided, …) name only the application; its item
 * and department are stated once, when it is filed. The indexer keeps those per stream, so an
 * export filtered by item or department finds the whole trail without holding it in memory.
 */
export function streamFactsOf(event: RecordedEvent): StreamFacts | undefined {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'ApplicationFiled.v1':
      return { streamId: event.streamId, itemCode: text(data.itemCode), department: text(data.department) };
    case 'ItemRegistered.v1':
      return { streamId: event.streamId, itemCode: text(data.code), department: text(data.department) };
    case 'ItemAmended.v1': {
      const department = text((data.changes as Record<string, unknown> | undefined)?.department);
      return department === undefined ? undefined : { streamId: event.streamId, department };
    }
    default:
      return undefined;
  }
}

/** The item code an event names itself, if any. */
export function ownItemCode(event: RecordedEvent): string | undefined {
  const data = event.data as Record<string, unknown>;
  return text(data.itemCode) ?? (event.type.startsWith('Item') ? text(data.code) : undefined);
}

/** The department an event names itself, if any. */
export function ownDepartment(event: RecordedEvent): string | undefined {
  const data = event.data as Record<string, unknown>;
  return text(data.department) ?? text((data.changes as Record<string, unknown> | undefined)?.department);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
