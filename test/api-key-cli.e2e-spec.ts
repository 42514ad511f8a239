import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeyFile } from '@ledger/operations';
import { runCli, useTemporaryDirectory } from './fixtures/ledger-cli';

/** `ledger api-key` as an operator uses it: keys bound to agencies, relay keys, the bootstrap operator. */
describe('ledger api-key', () => {
  const dir = useTemporaryDirectory('api-key-cli-');
  const keysIn = () => new ApiKeyFile(join(dir(), 'api-keys.json'));

  it('bootstraps an operator key for every agency that may relay', async () => {
    const run = await runCli(dir(), ['api-key', 'bootstrap']);
    expect(run.code).toBe(0);
    const key = readFileSync(join(dir(), 'operator.api-key'), 'utf8').trim();
    expect(keysIn().authenticate(key)).toMatchObject({ actor: 'operator', agencies: '*', canRelay: true });
  });

  it('creates a key for the agencies named, and list shows them', async () => {
    const run = await runCli(dir(), [
      'api-key',
      'create',
      '--name',
      '窗口3',
      '--roles',
      'clerk',
      '--agencies',
      'jiangmen-psb,taishan-psb',
    ]);
    expect(run.code).toBe(0);
    expect(keysIn().authenticate(run.stdout.trim())).toMatchObject({
      agencies: ['jiangmen-psb', 'taishan-psb'],
      canRelay: false,
    });
    const list = await runCli(dir(), ['api-key', 'list']);
    expect(list.code).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.includes('窗口3'));
    expect(line).toContain('agencies jiangmen-psb,taishan-psb');
    expect(line).toContain('no relay');
    expect(list.stdout.split('\n').find((l) => l.includes('operator'))).toContain('agencies *');
  });

  it('creates a relay key with --relay', async () => {
    const run = await runCli(dir(), [
      'api-key',
      'create',
      '--name',
      'intake-system',
      '--roles',
      'clerk',
      '--agencies',
      'jiangmen-psb',
      '--relay',
    ]);
    expect(run.code).toBe(0);
    expect(keysIn().authenticate(run.stdout.trim())).toMatchObject({
      agencies: ['jiangmen-psb'],
      defaultAgency: 'jiangmen-psb',
      canRelay: true,
    });
  });

  it('refuses to create a key without --agencies, and creates nothing', async () => {
    const before = keysIn().list().length;
    const run = await runCli(dir(), ['api-key', 'create', '--name', 'x', '--roles', 'clerk']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--agencies');
    expect(keysIn().list()).toHaveLength(before);
  });

  it('refuses * mixed with agency codes', async () => {
    const run = await runCli(dir(), ['api-key', 'create', '--name', 'x', '--roles', 'clerk', '--agencies', 'a,*']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('* stands alone');
  });
});
