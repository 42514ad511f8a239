import { loadDefaultCalendar } from '@ledger/domain';
import { DemoSchedule } from './demo-schedule';
import { jiangmenPlan, expectedFigures } from './jiangmen-plan';
const scale = Number(process.argv[2] ?? 1);
const t0 = Date.now();
const plan = jiangmenPlan({ scale });
const s = new DemoSchedule(plan, loadDefaultCalendar());
console.log('layout ms', Date.now() - t0, 'count', s.commandCount);
let n = 0, last = 0, back = 0; const by: Record<string, number> = {};
const mem0 = process.memoryUsage().heapUsed;
let maxHeap = 0;
for (const c of s.commands()) {
  n++; if (c.at < last) back++; last = c.at; by[c.body.command] = (by[c.body.command] ?? 0) + 1;
  if (n % 200000 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
}
console.log('yielded', n, 'backwards', back, 'ms', Date.now() - t0, 'heapMB', Math.round((maxHeap - mem0) / 1e6));
console.log(by);
console.log(JSON.stringify(expectedFigures(plan, 2020), null, 0).slice(0, 3000));
console.log(JSON.stringify(expectedFigures(plan, 2019).effect), JSON.stringify(expectedFigures(plan, 2019).items));
