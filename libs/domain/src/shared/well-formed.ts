/**
 * `String#isWellFormed` (ES2024, in Node 20), typed here because the project compiles against
 * ES2022. One function for both sides of the same rule: the input validators refuse a string
 * with a lone UTF-16 surrogate because RFC 8785 (the integrity layer's canonical form) cannot
 * write it.
 */
export function isWellFormed(value: string): boolean {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}
