import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { Witness, createWitnessServer, initWitness } from '@ledger/integrity';

/**
 * `ledger witness …`: a C2SP tlog-witness with its own key and state, meant to run on another
 * host under another administrator than the ledger (see the README's Trust model). It needs no
 * ledger configuration, store or master key, so it runs before the ledger's modules are built.
 */
export function isWitnessRun(argv: readonly string[]): boolean {
  return argv[2] === 'witness';
}

const USAGE = `Usage: ledger witness <command> [options]

A transparency-log witness (C2SP tlog-witness, tlog-cosignature): cosigns a log's checkpoint only
after verifying a consistency proof from the last one it cosigned for that log.

Commands:
  init --dir <directory> [--name <name>] [--log-key <key>]...
      create the witness key (never overwritten) and state in <directory>, add the logs it
      witnesses (their verifier keys, e.g. the ledger's signing.pub); prints the witness key
  serve --dir <directory> [--port <port>] [--host <address>]
      answer POST /add-checkpoint (default 127.0.0.1:7380; port 0: any free one)
`;

export async function runWitnessCli(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv.slice(3);
  try {
    if (command === 'init') return init(rest);
    if (command === 'serve') return await serve(rest);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      console.log(USAGE);
      return;
    }
    throw new Error(`unknown command ${command}\n${USAGE}`);
  } catch (error) {
    console.error(`ledger witness: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

function init(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      name: { type: 'string' },
      'log-key': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const dir = required(values.dir, '--dir');
  const result = initWitness(dir, values.name ?? `${hostname()}/witness`, values['log-key'] ?? []);
  console.error(result.created ? `witness: created the key in ${dir}` : `witness: kept the existing key in ${dir}`);
  console.error(
    `witness: witnessing ${result.logs.length} log key(s)${result.logs.length ? `: ${result.logs.join(', ')}` : ''}`,
  );
  // The public key on stdout: the ledger's LEDGER_WITNESSES and every auditor need it.
  console.log(result.verifierKey);
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { dir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const dir = required(values.dir, '--dir');
  const port = values.port === undefined ? 7380 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65_535) throw new Error('--port must be a port from 0 to 65535');
  const host = values.host ?? '127.0.0.1';
  const witness = Witness.open(dir);
  const server = createWitnessServer(witness);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  console.log(`witness ${witness.signer.verifierKey} listening on http://${host}:${bound}`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  witness.close();
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}
