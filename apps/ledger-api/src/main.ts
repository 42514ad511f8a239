import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DEFAULT_HOST, listeningUrl, loadLedgerConfig } from '@ledger/ledger';
import { refuseDiscontinuousStore } from '@ledger/integrity';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  // Before the projections subscribe or a request appends: a store that lost acknowledged events
  // would hand their positions out again and serve figures of events it no longer holds.
  await refuseDiscontinuousStore(config);
  const app = await createApi({ config, scheduleCheckpoints: true });
  await app.listen(config.port, config.host ?? DEFAULT_HOST);
  // The address the socket is bound to, not the one configured: the log must not promise loopback.
  new Logger('ledger-api').log(
    `listening on ${listeningUrl(app.getHttpServer().address())} (docs at /docs; events in ${config.eventStoreUrl.replace(/\/\/[^@]*@/, '//***@')})`,
  );
}

main().catch((error) => {
  // A start-up failure (bad configuration, unreadable store) must say why and exit non-zero.
  console.error(`ledger-api failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
