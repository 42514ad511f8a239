import { applicationCommandSpecs } from '../applications/application.command-specs';
import { itemCommandSpecs } from '../catalogue/item.command-specs';
import { licenceCommandSpecs } from '../licences/licence.command-specs';
import { correctionCommandSpecs } from '../corrections/correction.command-specs';
import { supervisionCommandSpecs } from '../supervision/supervision.command-specs';
import { CommandSpec } from './command-spec';

/** Every command the ledger accepts, by name. */
// Each spec has its own payload type; the registry erases them on purpose (a union would not be assignable both ways).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ALL_COMMAND_SPECS: readonly CommandSpec<any>[] = [
  ...itemCommandSpecs,
  ...applicationCommandSpecs,
  ...supervisionCommandSpecs,
  ...licenceCommandSpecs,
  ...correctionCommandSpecs,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function specNamed(name: string): CommandSpec<any> {
  const spec = ALL_COMMAND_SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`no command named ${name}`);
  return spec;
}

/** The names an import line may give as `command` (the same list the refusal of an unknown one gives). */
export const IMPORT_COMMAND_NAMES: readonly string[] = ALL_COMMAND_SPECS.map((s) => s.name);
