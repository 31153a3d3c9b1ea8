// RFC 4122 §4.4: a version-4 UUID has version nibble 4 and variant bits 10; the server checks
// progress ids with zod's uuid().
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { randomUuid } from './uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('makes version-4 UUIDs, also where crypto.randomUUID is missing (plain http)', () => {
    const native = randomUuid();
    vi.stubGlobal('isSecureContext', false);
    const fallback = Array.from({ length: 200 }, randomUuid);
    vi.unstubAllGlobals();
    for (const id of [native, ...fallback]) {
      expect(id).toMatch(V4);
      expect(z.string().uuid().safeParse(id).success).toBe(true);
    }
    expect(new Set(fallback).size).toBe(200);
  });
});
