import { type MetadataStorage, getMetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const MEMOISED = Symbol('ledger.validationMetadataMemoised');

/**
 * class-validator 0.15 finds a class's rules, on every `validate()` and for every nested object,
 * by testing the rules of every decorated class in the process for inheritance, then groups them
 * by property (typestack/class-validator#2686, open): for a ledger command, which validates its
 * body and the objects nested in it, that lookup is repeated work, since a class's rules are all
 * registered when the class is loaded. This keeps each answer, and its grouping, per class and
 * validation options, and forgets every answer when a rule is added, so a rule registered later
 * (a class loaded afterwards, a schema) is honoured as before. Answers are never changed by the
 * validator, so sharing them is safe. Installed once per metadata storage (one per process).
 */
export function memoiseValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [MEMOISED]?: true };
  if (marked[MEMOISED]) return;
  marked[MEMOISED] = true;

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  let answers = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let byOptions = answers.get(target);
    if (byOptions === undefined) answers.set(target, (byOptions = new Map()));
    let answer = byOptions.get(key);
    if (answer === undefined) byOptions.set(key, (answer = lookup(target, schema, always, strictGroups, groups)));
    return answer;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groupings.get(metadata);
    if (grouped === undefined) groupings.set(metadata, (grouped = groupByPropertyName(metadata)));
    return grouped;
  };
  storage.addValidationMetadata = (metadata) => {
    answers = new WeakMap();
    groupings = new WeakMap();
    addValidationMetadata(metadata);
  };
}
