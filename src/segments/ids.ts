import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A new URL-safe id such as `seg_k3f…`: 100 bits from the operating system's CSPRNG in lower-case
 * base32. Ids are identities, not model randomness, so they do not come from the seeded Rng.
 */
export function newId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = `${prefix}_`;
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31];
  return out;
}
