/**
 * Password hashing: argon2id with OWASP's minimum parameters (19 MiB, two
 * passes, one lane), through @node-rs/argon2 (prebuilt for this platform,
 * no build at install). Verification of an unknown user still hashes, so
 * the answer's time does not tell which names exist.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** `Algorithm.Argon2id` is 2; the library exports it as a const enum, which isolated modules cannot read. */
const ARGON2ID = 2;

const PARAMS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** ASVS 5.0 V6.2: at least 8 characters (we ask 12), at most 128, any characters. */
export const PasswordSchema = z
  .string()
  .min(12, 'a password has at least 12 characters')
  .max(128, 'a password has at most 128 characters');

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let dummy: Promise<string> | undefined;

/** Whether the password matches; `stored` undefined (no such user) takes as long and answers false. */
export async function checkPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  const against = stored ?? (await (dummy ??= hashPassword('not a password of anyone')));
  try {
    const ok = await verify(against, password);
    return ok && stored !== undefined;
  } catch {
    return false;
  }
}
