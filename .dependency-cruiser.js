// The domain stays pure: no framework, no database, no adapter. Enforced here rather than hoped for
// (as in Sairyss/domain-driven-hexagon's .dependency-cruiser.js).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports nothing from NestJS, TypeORM, database drivers or other libs.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { path: ['node_modules/@nestjs', 'node_modules/typeorm', 'node_modules/better-sqlite3', 'node_modules/pg', '^libs/(event-store|ledger|projections)/', '^apps/'] },
    },
    {
      name: 'domain-uses-no-io',
      comment: 'Only the calendar file loader may touch the file system (operators load calendar years from disk).',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: ['calendar/calendar-file\\.loader\\.ts$', '\\.spec\\.ts$'] },
      to: { dependencyTypes: ['core'], path: '^(fs|node:fs|net|node:net|http|node:http|child_process|node:child_process)$' },
    },
    {
      name: 'event-store-knows-no-domain',
      comment: 'The event store stores opaque events; it must not depend on the domain or the application layer.',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^libs/(domain|ledger|projections)/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^libs/(domain|event-store)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: ['node_modules', 'dist'] },
  },
};
