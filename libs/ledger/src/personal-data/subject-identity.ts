import { randomBytes } from 'node:crypto';
import { PersonalData } from '@ledger/domain';

const SUBJECT_ID = /^subj_[A-Za-z0-9_-]{22}$/;

/**
 * A new subject id: random, so that once the subject's key and index entry are destroyed
 * nothing ties the id (which stays in the immutable events) to the person. A hash of the
 * identity number would let anyone holding the pepper test guesses against erased subjects.
 */
export function newSubjectId(): string {
  return `subj_${randomBytes(16).toString('base64url')}`;
}

export function isSubjectId(value: string): boolean {
  return SUBJECT_ID.test(value);
}

const normalise = (text: string | undefined) => text?.normalize('NFKC').trim().replace(/\s+/g, ' ') ?? '';

/**
 * What recognises the same person again: the identity card number (or unified social credit
 * code), upper-cased without spaces, or else the name with the phone number. Full-width digits
 * (common in Chinese input) count as their ASCII forms. A name alone recognises nobody: two
 * people called 张伟 must not share a key, since erasing one would erase both.
 */
export function identityOf(person: Pick<PersonalData, 'idNumber' | 'name' | 'phone'>): string | undefined {
  const idNumber = normalise(person.idNumber).replace(/ /g, '').toUpperCase();
  if (idNumber) return `id:${idNumber}`;
  const name = normalise(person.name);
  const phone = normalise(person.phone)
    .replace(/\D/g, '')
    .replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  return name && phone ? `name+phone:${name}\n${phone}` : undefined;
}
