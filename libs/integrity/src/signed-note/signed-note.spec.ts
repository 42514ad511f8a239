import { MalformedCheckpointError, formatCheckpoint, parseCheckpoint } from './checkpoint';
import { NoteKeyError, generateSignerKey, keyIdOf, parseSignerKey, parseVerifierKey } from './note-keys';
import { MalformedNoteError, NoteVerificationError, openNote, parseNote, signNote } from './signed-note';

/**
 * Independent vectors:
 * - C2SP signed-note spec (github.com/C2SP/C2SP signed-note.md, "Example"): a verifier key and a
 *   note it verifies; tlog-checkpoint.md: an example checkpoint body.
 * - Go's golang.org/x/mod/sumdb/note (note_test.go at github.com/golang/mod fe2ec04): the
 *   PeterNeumann signer key, its verifier key, and the exact signed note TestSign expects
 *   (Ed25519 is deterministic, so signing the same text must give the same bytes), plus the
 *   EnochRoot verifier key and signature from TestOpen.
 */
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('signed notes (C2SP signed-note)', () => {
  describe('when checking the C2SP specification example', () => {
    it('verifies the example note with the example verifier key', () => {
      const opened = openNote(C2SP_NOTE, [parseVerifierKey(C2SP_VKEY)]);
      expect(opened.text).toBe('This is an example message.\n');
      expect(opened.verifiedBy.map((key) => key.name)).toEqual(['example.com/foo']);
    });

    it('refuses the example note once its text is altered', () => {
      expect(() =>
        openNote(C2SP_NOTE.replace('example message', 'example massage'), [parseVerifierKey(C2SP_VKEY)]),
      ).toThrow(NoteVerificationError);
    });
  });

  describe("when checking Go's sumdb/note vectors", () => {
    it('derives the published verifier key and key id from the signer key', () => {
      const signer = parseSignerKey(PETER_SKEY);
      expect(signer.verifierKey).toBe(PETER_VKEY);
      expect(keyIdOf('PeterNeumann', signer.publicKey)).toBe(0xc74f20a3);
    });

    it('signs the text into exactly the note Go produces', () => {
      expect(signNote(GO_TEXT, [parseSignerKey(PETER_SKEY)])).toBe(`${GO_TEXT}\n${PETER_SIG}`);
    });

    it('ignores a signature from an unknown key and verifies every known one', () => {
      const note = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
      expect(openNote(note, [parseVerifierKey(PETER_VKEY)]).verifiedBy.map((key) => key.name)).toEqual([
        'PeterNeumann',
      ]);
      expect(
        openNote(note, [parseVerifierKey(PETER_VKEY), parseVerifierKey(ENOCH_VKEY)]).verifiedBy.map((key) => key.name),
      ).toEqual(['PeterNeumann', 'EnochRoot']);
    });

    it('refuses a note signed by no trusted key, naming the signer and the trusted keys', () => {
      expect(() => openNote(`${GO_TEXT}\n${ENOCH_SIG}`, [parseVerifierKey(PETER_VKEY)])).toThrow(
        /signed by EnochRoot\+af0cfe78; trusted: PeterNeumann\+c74f20a3/,
      );
    });

    it('refuses every mangled verifier key', () => {
      const key = Buffer.from(PETER_VKEY);
      for (let index = 0; index < key.length; index++) {
        const mangled = Buffer.from(key);
        mangled[index]++;
        expect(() => parseVerifierKey(mangled.toString())).toThrow(NoteKeyError);
      }
      expect(() => parseVerifierKey(PETER_VKEY.slice(0, -4))).toThrow(NoteKeyError);
    });
  });

  describe('when a note is malformed', () => {
    it.each([
      ['truncated (no final newline)', `${GO_TEXT}\n${PETER_SIG}`.slice(0, -1), /truncated/],
      ['without the blank line', `${GO_TEXT}${PETER_SIG}`, /blank line|does not start/],
      ['with a signature line not starting with an em dash', `${GO_TEXT}\n- PeterNeumann abcd\n`, /does not start/],
      ['with a signature that is not base64', `${GO_TEXT}\n— PeterNeumann ***=\n`, /base64/],
      ['with a control character', `a\tb\n\n${PETER_SIG}`, /control/],
    ])('is refused when %s', (_what, note, message) => {
      expect(() => parseNote(note)).toThrow(MalformedNoteError);
      expect(() => parseNote(note)).toThrow(message);
    });
  });

  describe('when a key pair is generated', () => {
    it('signs notes its verifier key verifies, and another key does not', () => {
      const { signerKey, verifierKey } = generateSignerKey('ledger.test/events');
      const other = generateSignerKey('ledger.test/events');
      const note = signNote('ledger.test/events\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', [
        parseSignerKey(signerKey),
      ]);
      expect(openNote(note, [parseVerifierKey(verifierKey)]).verifiedBy).toHaveLength(1);
      expect(() => openNote(note, [parseVerifierKey(other.verifierKey)])).toThrow(NoteVerificationError);
    });

    it('refuses key names with spaces or plus signs', () => {
      expect(() => generateSignerKey('a b')).toThrow(NoteKeyError);
      expect(() => generateSignerKey('a+b')).toThrow(NoteKeyError);
    });
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  it('parses the specification example', () => {
    const checkpoint = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.treeSize).toBe(20852163);
    expect(checkpoint.rootHash.toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(formatCheckpoint(checkpoint)).toBe(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it.each([
    ['a leading zero in the size', 'o\n07\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['a short root hash', 'o\n7\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n'],
    ['a missing line', 'o\n7\n'],
    ['an empty origin', '\n7\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(MalformedCheckpointError);
  });
});
