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
      to: {
        path: [
          'node_modules/@nestjs',
          'node_modules/typeorm',
          'node_modules/better-sqlite3',
          'node_modules/pg',
          '^libs/(event-store|ledger|projections)/',
          '^apps/',
        ],
      },
    },
    {
      name: 'domain-uses-no-io',
      comment: 'Only the calendar file loader may touch the file system (operators load calendar years from disk).',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: ['calendar/calendar-file\\.loader\\.ts$', '\\.spec\\.ts$'] },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|node:fs|net|node:net|http|node:http|child_process|node:child_process)$',
      },
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
      comment:
        'No lib takes part in an import cycle (a cycle of type-only imports vanishes at run time and is allowed).',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-imports-no-lib',
      comment: 'The domain is the bottom layer: it imports no other lib of this repository.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { path: '^libs/', pathNot: '^libs/domain/' },
    },
    {
      name: 'kernel-is-below-both-sides',
      comment: 'The kernel (codec, upcasters) is shared by the write and the read side, so it imports neither.',
      severity: 'error',
      from: { path: '^libs/kernel/src' },
      to: { path: '^libs/', pathNot: '^libs/(kernel|domain|event-store)/' },
    },
    {
      name: 'only-tests-and-cli-import-the-demo',
      comment:
        'The synthetic demo ledger is for the CLI (ledger demo), benchmarks and tests, never for the product code.',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: ['^libs/demo/', '^apps/ledger-cli/', '\\.spec\\.ts$', '/testing/'] },
      to: { path: '^libs/demo/' },
    },
    {
      name: 'read-side-imports-no-command-modules',
      comment:
        'Projections, audit, reports and integrity read the ledger; they never reach the command side (its handlers, imports, ' +
        'executor) nor the @ledger/ledger barrel that re-exports it. Import what you need by its own path, e.g. ' +
        "'@ledger/ledger/config/ledger-config', and the codec from '@ledger/kernel'. Nest modules, tests and test helpers may.",
      severity: 'error',
      from: {
        path: '^libs/(projections|audit|reports|integrity)/src',
        pathNot: ['\\.module\\.ts$', '\\.spec\\.ts$', '/testing/'],
      },
      to: {
        path: '^libs/ledger/src/(index\\.ts$|commands/|import/|applications/|supervision/|catalogue/|queries/|migration/|http/|recording/command-executor)',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: ['node_modules', 'dist'] },
  },
};
