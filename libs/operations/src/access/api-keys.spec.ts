import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiKeyFile } from './api-keys';

describe('ApiKeyFile principals', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'api-keys-'));
    file = path.join(dir, 'keys.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('when a key is created with one agency', () => {
    it('authenticates as api-key:<id>, acts under its name, has that agency as default and may not relay', () => {
      const keys = new ApiKeyFile(file);
      const { key, record } = keys.create('窗口3', ['clerk'], { agencies: ['jiangmen-psb'] });
      expect(keys.authenticate(key)).toEqual({
        id: `api-key:${record.id}`,
        actor: '窗口3',
        roles: ['clerk'],
        agencies: ['jiangmen-psb'],
        defaultAgency: 'jiangmen-psb',
        canRelay: false,
        via: 'api-key',
      });
    });
  });

  describe('when a key is created with two agencies and --relay', () => {
    it('has no default agency and may relay', () => {
      const keys = new ApiKeyFile(file);
      const { key } = keys.create('intake-system', ['clerk'], { agencies: ['a-psb', 'b-psb'], relay: true });
      expect(keys.authenticate(key)).toMatchObject({ agencies: ['a-psb', 'b-psb'], canRelay: true });
      expect(keys.authenticate(key)?.defaultAgency).toBeUndefined();
    });
  });

  it('lets the relay role relay without the flag', () => {
    const keys = new ApiKeyFile(file);
    const { key } = keys.create('upstream', ['clerk', 'relay'], { agencies: '*' });
    expect(keys.authenticate(key)).toMatchObject({ agencies: '*', canRelay: true });
  });

  it('refuses to create a key for no agency', () => {
    expect(() => new ApiKeyFile(file).create('nobody', ['clerk'], { agencies: [] })).toThrow('at least one agency');
  });

  it('refuses a stored record whose agencies are not a list of codes or *', () => {
    const keys = new ApiKeyFile(file);
    keys.create('x', ['clerk'], { agencies: ['a-psb'] });
    const [record] = keys.list();
    writeFileSync(file, JSON.stringify([{ ...record, agencies: 'a-psb' }]));
    expect(() => new ApiKeyFile(file).list()).toThrow('not a valid API key record');
  });

  describe('when a key was stored before agencies existed', () => {
    const legacy = (name: string, roles: string[]) => {
      const keys = new ApiKeyFile(file);
      const { key, record } = keys.create(name, roles as never);
      const { agencies: _agencies, ...withoutAgencies } = record;
      writeFileSync(file, JSON.stringify([withoutAgencies]));
      return key;
    };

    it('keeps every agency and relaying for an operator key (admin role)', () => {
      const key = legacy('operator', ['clerk', 'admin']);
      expect(new ApiKeyFile(file, 'jiangmen-psb').authenticate(key)).toMatchObject({ agencies: '*', canRelay: true });
    });

    it('binds any other key to the deployment agency, without relaying', () => {
      const key = legacy('窗口1', ['clerk']);
      expect(new ApiKeyFile(file, 'jiangmen-psb').authenticate(key)).toMatchObject({
        agencies: ['jiangmen-psb'],
        defaultAgency: 'jiangmen-psb',
        canRelay: false,
      });
    });

    it('covers no agency when the deployment agency is unknown', () => {
      const key = legacy('窗口1', ['clerk']);
      expect(new ApiKeyFile(file).authenticate(key)).toMatchObject({ agencies: [], canRelay: false });
    });
  });
});
