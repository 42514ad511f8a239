import { RecordItemFact } from '../commands/record-fact.commands';
import { commandSpec } from '../commands/command-spec';
import { AmendItemDto, RegisterItemDto, RetireItemDto } from './item.dto';

export const itemCommandSpecs = [
  commandSpec({
    name: 'register-item',
    dto: RegisterItemDto,
    params: [],
    toMessage: ({ agency: _a, actor: _b, ...item }, _p, metadata) =>
      new RecordItemFact({ type: 'RegisterItem', ...item }, metadata),
  }),
  commandSpec({
    name: 'amend-item',
    dto: AmendItemDto,
    params: ['code'],
    toMessage: ({ agency: _a, actor: _b, effectiveFrom, ...changes }, { code }, metadata) =>
      new RecordItemFact({ type: 'AmendItem', code, effectiveFrom, changes }, metadata),
  }),
  commandSpec({
    name: 'retire-item',
    dto: RetireItemDto,
    params: ['code'],
    toMessage: (dto, { code }, metadata) =>
      new RecordItemFact({ type: 'RetireItem', code, effectiveFrom: dto.effectiveFrom, reason: dto.reason }, metadata),
  }),
];
