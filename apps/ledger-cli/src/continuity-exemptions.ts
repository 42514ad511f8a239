/**
 * Commands that run on a store that lost events: they diagnose it (`verify`, `verify-export`),
 * repair it (`recover`, `checkpoint --reindex`, which checks the rebuilt tree against the signed
 * root itself) or touch no event (key set-up, help). Every other command is refused at start
 * while the store is behind or differs from what was acknowledged before.
 */
const RUN_ON_A_DAMAGED_STORE = new Set([
  'recover',
  'verify',
  'verify-export',
  'checkpoint',
  'init-signing-key',
  'init-keys',
  'help',
]);

export function checksContinuity(argv: readonly string[]): boolean {
  const command = argv[2];
  if (command === undefined || command.startsWith('-')) return false;
  return !RUN_ON_A_DAMAGED_STORE.has(command) && !argv.slice(3).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * `ledger`, `ledger help`, `ledger --help`, `ledger <command> --help`, `ledger --version`: the
 * run prints text and touches nothing, so it must work before `init-keys` has made a master key.
 */
export function isHelpRun(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return (
    args.length === 0 ||
    args[0] === 'help' ||
    args.some((arg) => arg === '--help' || arg === '-h' || arg === '--version' || arg === '-V')
  );
}
