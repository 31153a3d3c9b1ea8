/**
 * The shape check every decoded document passes before the estate schema sees it: the
 * schema's validation recurses and allocates per value, so a document too deep or too big
 * is refused here first, by a walk that keeps its own stack and stops at the first limit.
 */
import { tooDeep, tooManyNodes, type DocumentLimits } from './limits.ts';

/**
 * Counts values the way the schema would meet them: a value reached twice (a YAML alias)
 * counts twice, so aliases are measured expanded; a cycle nests past maxDepth and stops.
 * The root object or array is at depth 1.
 */
export function checkDocumentShape(
  doc: unknown,
  limits: Pick<DocumentLimits, 'maxDepth' | 'maxNodes'>,
): void {
  const { maxDepth, maxNodes } = limits;
  const values: unknown[] = [doc];
  const depths: number[] = [1];
  let nodes = 0;
  while (values.length) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (++nodes > maxNodes) throw tooManyNodes(maxNodes, ' once its aliases are expanded');
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) throw tooDeep(maxDepth);
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      values.push(child);
      depths.push(depth + 1);
    }
  }
}
