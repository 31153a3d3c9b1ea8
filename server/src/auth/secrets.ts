/**
 * Secrets handed to clients (session cookies, API tokens, the setup token)
 * are 256 random bits; the server keeps only their SHA-256. A fast hash is
 * right here, unlike for passwords: a 256-bit random secret cannot be
 * guessed, so there is nothing for a slow hash to protect (OWASP ASVS 5.0
 * V11.4; GitHub and NetBox v2 tokens are kept the same way).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: `prefix` then 43 base64url characters (32 random bytes). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
