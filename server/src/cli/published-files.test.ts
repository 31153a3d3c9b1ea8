// The published JSON Schema and the shipped demo estate file are what the code generates today (regenerate with `pnpm schema`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildDemoEstate, estateJsonSchema, parseEstateText } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

describe('published files', () => {
  it('docs/estate.schema.json matches the zod schemas', () => {
    const published: unknown = JSON.parse(
      readFileSync(resolve(root, 'docs/estate.schema.json'), 'utf8'),
    );
    expect(published).toEqual(estateJsonSchema());
  });

  it('examples/demo-estate.json is the generated demo estate, and valid', () => {
    const result = parseEstateText(
      readFileSync(resolve(root, 'examples/demo-estate.json'), 'utf8'),
    );
    expect(result.ok && result.estate).toEqual(buildDemoEstate());
  });
});
