import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { agencyLabel, agencyNameOf, loadAgencyNames } from './agency-names';
import { loadLedgerConfig } from './ledger-config';

describe('agency names', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'agency-names-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('knows the built-in agency without configuration', () => {
    expect(agencyNameOf(loadLedgerConfig({}).agencyNames, 'jiangmen-psb')).toBe('江门市公安局');
    expect(agencyNameOf(loadLedgerConfig({}).agencyNames, 'kaiping-psb')).toBeNull();
  });

  it('names every configured agency, from a file and from the variable, the variable winning', () => {
    const file = path.join(dir, 'names.json');
    writeFileSync(file, JSON.stringify({ 'kaiping-psb': '开平市公安局', 'taishan-psb': '台山市公安局' }));
    const names = loadAgencyNames({
      LEDGER_AGENCY_NAMES_FILE: file,
      LEDGER_AGENCY_NAMES: '{"taishan-psb":" 台山市公安局（新） "}',
    });
    expect(names).toEqual({
      'jiangmen-psb': '江门市公安局',
      'kaiping-psb': '开平市公安局',
      'taishan-psb': '台山市公安局（新）',
    });
  });

  it.each([
    ['not JSON', { LEDGER_AGENCY_NAMES: '{kaiping' }, /LEDGER_AGENCY_NAMES must be a JSON object/],
    ['an array', { LEDGER_AGENCY_NAMES: '["开平市公安局"]' }, /LEDGER_AGENCY_NAMES must be a JSON object/],
    [
      'a blank name',
      { LEDGER_AGENCY_NAMES: '{"kaiping-psb":"  "}' },
      /the name of "kaiping-psb" must be a non-empty string/,
    ],
    [
      'a missing file',
      { LEDGER_AGENCY_NAMES_FILE: '/nonexistent/names.json' },
      /LEDGER_AGENCY_NAMES_FILE \/nonexistent\/names.json cannot be read/,
    ],
  ])('refuses %s at start-up, saying what is wrong', (_what, env, message) => {
    expect(() => loadAgencyNames(env)).toThrow(message);
  });

  it('shows a named agency by name with its id, an unnamed one by its id', () => {
    expect(agencyLabel('jiangmen-psb', '江门市公安局')).toBe('江门市公安局（jiangmen-psb）');
    expect(agencyLabel('kaiping-psb', null)).toBe('kaiping-psb');
  });
});
