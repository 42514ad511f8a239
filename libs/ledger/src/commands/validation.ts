import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';
import { INSTANT_RULE, isInstant } from '@ledger/domain';

/** The domain's one instant parser, re-exported for the readers' query parsers that import it from here. */
export { isInstant };

/**
 * Business times must carry their offset (a bare local time is ambiguous across zones) and be a
 * real instant (see the domain's `readInstant`): 2021-02-30 or +25:00 is refused here, at the
 * door, with the field named.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: buildMessage((each) => `${each}$property must be ${INSTANT_RULE}`, options),
      },
    },
    options,
  );
}

/** Ids chosen by clients end up in stream names and URLs: keep them plain. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_MESSAGE =
  'must be 1–128 letters, digits, dots, colons, underscores or hyphens, starting with a letter or digit';
export const AGENCY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
