import { loadLedgerConfig } from '@ledger/ledger';
import { loadIntegrityConfig } from './integrity-config';
import { generateWitnessKey } from '../witness/cosignature';

const WITNESS = generateWitnessKey('witness.example/w1').verifierKey;

describe('loadIntegrityConfig', () => {
  const ledger = loadLedgerConfig({ LEDGER_DATA_DIR: '/srv/ledger', LEDGER_AGENCY: 'kaiping-psb' });

  it('defaults every file to the data directory and the origin to the agency', () => {
    expect(loadIntegrityConfig(ledger, {})).toEqual({
      indexPath: '/srv/ledger/integrity.sqlite',
      signingKeyFile: '/srv/ledger/signing.key',
      verifierKeyFile: '/srv/ledger/signing.pub',
      origin: 'ledger.kaiping-psb/events',
      checkpointEverySeconds: 10,
      witnesses: [],
    });
  });

  it('takes every setting from the environment', () => {
    expect(
      loadIntegrityConfig(ledger, {
        LEDGER_INTEGRITY_DB: '/var/lib/i.sqlite',
        LEDGER_SIGNING_KEY_FILE: '/etc/ledger/sign.key',
        LEDGER_VERIFIER_KEY_FILE: '/etc/ledger/sign.pub',
        LEDGER_CHECKPOINT_ORIGIN: 'ledger.example.gov.cn/jiangmen',
        LEDGER_CHECKPOINT_EVERY_SECONDS: '0',
        LEDGER_WITNESSES: `http://witness.example:7380/ ${WITNESS}; https://w2.example/prefix ${WITNESS}`,
      }),
    ).toEqual({
      indexPath: '/var/lib/i.sqlite',
      signingKeyFile: '/etc/ledger/sign.key',
      verifierKeyFile: '/etc/ledger/sign.pub',
      origin: 'ledger.example.gov.cn/jiangmen',
      checkpointEverySeconds: 0,
      witnesses: [
        { url: 'http://witness.example:7380', key: expect.objectContaining({ name: 'witness.example/w1' }) },
        { url: 'https://w2.example/prefix', key: expect.objectContaining({ name: 'witness.example/w1' }) },
      ],
    });
  });

  it('makes a valid default origin of any agency name, and refuses an invalid one given outright', () => {
    expect(loadIntegrityConfig(loadLedgerConfig({ LEDGER_AGENCY: '江门 市+局' }), {}).origin).toBe(
      'ledger.江门-市-局/events',
    );
    expect(() => loadIntegrityConfig(ledger, { LEDGER_CHECKPOINT_ORIGIN: 'has space' })).toThrow(
      /LEDGER_CHECKPOINT_ORIGIN/,
    );
    expect(() => loadIntegrityConfig(ledger, { LEDGER_CHECKPOINT_EVERY_SECONDS: '-5' })).toThrow(
      /LEDGER_CHECKPOINT_EVERY_SECONDS/,
    );
    expect(() => loadIntegrityConfig(ledger, { LEDGER_CHECKPOINT_EVERY_SECONDS: '1.5' })).toThrow(
      /LEDGER_CHECKPOINT_EVERY_SECONDS/,
    );
    expect(() => loadIntegrityConfig(ledger, { LEDGER_WITNESSES: WITNESS })).toThrow(
      /LEDGER_WITNESSES: .* is not "<http\(s\) URL> <witness key>"/,
    );
    expect(() => loadIntegrityConfig(ledger, { LEDGER_WITNESSES: 'http://w.example witness+00000000+AAAA' })).toThrow(
      /LEDGER_WITNESSES: witness key witness\+00000000 is not an Ed25519 cosignature\/v1 key/,
    );
  });
});
