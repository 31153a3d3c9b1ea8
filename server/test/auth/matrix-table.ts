/** docs/security.md's access matrix, read from the page itself so the tests hold the server to it. */
import { readFileSync } from 'node:fs';

export const CALLERS = [
  'anonymous',
  'anonymous viewer',
  'viewer',
  'operator (acme)',
  'operator (globex)',
  'admin',
  'revoked token',
] as const;
export type Caller = (typeof CALLERS)[number];
export type Outcome = 'ok' | '401' | '403' | '404';

export interface MatrixRow {
  procedure: string;
  role: string;
  outcomes: Record<Caller, Outcome>;
}

const page = new URL('../../../docs/security.md', import.meta.url);

export function matrixRows(): MatrixRow[] {
  const text = readFileSync(page, 'utf8');
  const table = /<!-- access-matrix:start -->\n([\s\S]*?)<!-- access-matrix:end -->/.exec(text);
  if (!table) throw new Error('docs/security.md has no access matrix');
  const [header, , ...rows] = table[1]!.trim().split('\n');
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replace(/`/g, ''));
  const columns = cells(header!);
  if (JSON.stringify(columns.slice(2)) !== JSON.stringify(CALLERS))
    throw new Error(`the matrix's columns are ${columns.join(', ')}`);
  return rows.map((line) => {
    const [procedure, role, ...outcomes] = cells(line);
    for (const o of outcomes)
      if (!['ok', '401', '403', '404'].includes(o))
        throw new Error(`${procedure}: "${o}" is not an outcome`);
    return {
      procedure: procedure!,
      role: role!,
      outcomes: Object.fromEntries(
        CALLERS.map((c, i) => [c, outcomes[i]]),
      ) as MatrixRow['outcomes'],
    };
  });
}
