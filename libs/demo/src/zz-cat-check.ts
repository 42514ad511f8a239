import { JIANGMEN_CATALOGUE as C } from './jiangmen-catalogue';
for (const y of [2019, 2020] as const) {
  const a = C.map((c) => c.attributes[y]);
  const stat = a.reduce((s, x) => s + x.statutoryDays, 0), prom = a.reduce((s, x) => s + x.promisedDays, 0);
  const by: Record<string, number> = {};
  for (const x of a) by[x.department] = (by[x.department] ?? 0) + 1;
  console.log(y, a.length, by, 'FO', a.filter((x) => x.fullyOnline).length, 'imm', a.filter((x) => x.handlingType === 'immediate').length,
    'visits', a.reduce((s, x) => s + x.requiredVisits, 0), 'hall', a.filter((x) => x.inOnlineHall).length,
    'stat', stat, 'prom', prom, 'comp', ((stat - prom) / stat * 100).toFixed(4),
    'bad', a.filter((x) => x.handlingType === 'immediate' && x.promisedDays > 1 || x.promisedDays > x.statutoryDays).map((x) => x.name));
  console.log('volume', C.reduce((s, c) => s + c.volume[y], 0), Object.fromEntries(['治安','交警','出入境','禁毒','科信'].map(d => [d, C.filter(c => c.attributes[y].department === d).reduce((s, c) => s + c.volume[y], 0)])));
}
console.log(new Set(C.map(c=>c.code)).size);
