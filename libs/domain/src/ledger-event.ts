import { ApplicationEvent } from './applications/application.events';
import { ItemEvent } from './catalogue/item.events';
import { IndicatorEvent } from './indicators/indicator.events';
import { AppealEvent, ComplaintEvent, InspectionEvent, RectificationEvent } from './supervision/supervision.events';

/** Every fact the ledger records. */
export type LedgerEvent = ItemEvent | ApplicationEvent | InspectionEvent | RectificationEvent | ComplaintEvent | AppealEvent | IndicatorEvent;
export type LedgerEventType = LedgerEvent['type'];
