import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { writeDemoLedger } from '@ledger/reports/testing/demo-ledger';
import { createApi } from './apps/ledger-api/src/bootstrap';
(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'smoke-'));
  let t = Date.now();
  const demo = await writeDemoLedger(dir, 0.002);
  console.log('demo', Date.now() - t, 'ms', demo.summary.recordedEvents, 'events');
  t = Date.now();
  const app = await createApi({ eventStore: new SqliteEventStore(demo.eventsFile), config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'jiangmen-psb' }), masterKey: demo.masterKey }, false);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as any).port}`;
  console.log('api', Date.now() - t, base);
  for (const f of ['md', 'html', 'pdf']) {
    t = Date.now();
    const r = await fetch(`${base}/v1/reports/2020?format=${f}`);
    const buf = Buffer.from(await r.arrayBuffer());
    writeFileSync(`/tmp/rep/report.${f}`, buf);
    console.log(f, r.status, r.headers.get('content-type'), buf.length, Date.now() - t, 'ms');
  }
  const m = await fetch(`${base}/v1/figures/2020/monthly`); console.log('monthly', m.status, JSON.stringify(await m.json()).slice(0, 300));
  const tr = await fetch(`${base}/v1/trails/applications/jm-demo-2020-000001?purpose=test&format=pdf`); writeFileSync('/tmp/rep/trail.pdf', Buffer.from(await tr.arrayBuffer())); console.log('trail', tr.status, tr.headers.get('content-type'));
  const tj = await fetch(`${base}/v1/trails/applications/jm-demo-2020-000001?purpose=test&format=json`); console.log('trail json', tj.status, (await tj.text()).slice(0, 600));
  await app.close();
})().catch((e) => { console.error(e); process.exit(1); });
