import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { liveOpenApiDocument } from '../apps/ledger-api/src/ui/testing/ui-assets';

/**
 * The OpenAPI document a running API serves at /docs-json passes Redocly's linter with its
 * recommended rules (no error, no warning), the few reasoned exceptions listed in
 * .redocly.lint-ignore.yaml aside; and it says how to authorize, so "Authorize" in /docs works.
 */
const ROOT = path.resolve(__dirname, '..');
const REDOCLY = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown>; operationId: string };

describe('the OpenAPI document', () => {
  let dir: string;
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-openapi-lint-'));
    document = (await liveOpenApiDocument()) as typeof document;
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document, null, 1));
    copyFileSync(path.join(ROOT, '.redocly.lint-ignore.yaml'), path.join(dir, '.redocly.lint-ignore.yaml'));
  }, 120_000);

  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('passes redocly lint with the recommended rules', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [REDOCLY, 'lint', 'openapi.json', '--extends', 'recommended', '--format', 'json', '--max-problems', '1000'],
      {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('declares the bearer and session-cookie schemes, and every protected operation takes them', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'ledger_session' },
    });
    const operations = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ where: `${m.toUpperCase()} ${p}`, method: m, op })),
    );
    const figures = operations.find((o) => o.where === 'GET /v1/figures/{year}')!;
    expect(figures.op.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(figures.op.responses).toHaveProperty('401');
    expect(figures.op.responses).toHaveProperty('403');
    // The cookie authenticates reads only: commands document the bearer scheme alone.
    expect(operations.find((o) => o.where === 'POST /v1/applications')!.op.security).toEqual([{ bearer: [] }]);
    expect(operations.find((o) => o.where === 'GET /v1/integrity/checkpoint')!.op.security).toEqual([]);
    for (const { where, op } of operations)
      expect({ where, hasSecurity: Array.isArray(op.security) }).toEqual({ where, hasSecurity: true });
  });
});
