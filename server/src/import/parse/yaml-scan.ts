/**
 * A look at YAML text before it is parsed: the yaml library's parser builds a tree of the
 * whole text and composes it recursively, so a deeply nested or huge flat file costs
 * stack and memory before any check on its result could refuse it. Its lexer streams
 * and keeps nothing, so counting there refuses such a file for the price of one pass.
 */
import { Lexer } from 'yaml';
import { tooDeep, tooManyNodes, type DocumentLimits } from './limits.ts';

type ScanLimits = Pick<DocumentLimits, 'maxDepth' | 'maxNodes' | 'maxAliasCount'>;

export const aliasedTooOften = (alias: string, max: number) =>
  `: ${alias} makes an anchor used more than ${max} times (the yaml library's maxAliasCount)`;

/** The lexer's markers (yaml's CST): they stand before a token and are not in the source. */
const MARKERS = new Set(['\u0002', '\u001f', '\u0018', '\u{feff}']);
const SCALAR_MARKER = '\u001f';

/**
 * Refuses text that nests deeper than maxDepth or holds more than maxNodes values, counting
 * low: block nesting by indentation (a level per deeper indent, and per `-` or `?` on a line),
 * flow nesting by brackets, values by scalars, aliases and flow collections. A valid file is
 * never refused here for a count that its parsed document would not reach; aliases are
 * expanded later, where the document is walked (document-walk.ts).
 *
 * An anchor used more than maxAliasCount times (itself and its aliases) is refused too:
 * the yaml library refuses it as well (each use costs at least one), but only once
 * it has built the whole document, which for a file of a million aliases takes gigabytes.
 * (It lets an empty collection through, which counts for nothing; this does not.)
 */
export function scanYaml(text: string, limits: ScanLimits) {
  const { maxDepth, maxNodes, maxAliasCount } = limits;
  /** Aliases of each anchor name since it was last defined. */
  const uses = new Map<string, number>();
  /** The columns of the block collections open at this point. */
  const blocks: number[] = [];
  let flow = 0;
  let nodes = 0;
  let column = 0;
  let lineStart = true;

  const open = (at: number) => {
    while (blocks.length && blocks[blocks.length - 1]! >= at) blocks.pop();
    blocks.push(at);
    if (blocks.length + flow > maxDepth) throw tooDeep(maxDepth);
  };

  for (const lexeme of new Lexer().lex(text)) {
    if (MARKERS.has(lexeme)) {
      if (lexeme === SCALAR_MARKER && ++nodes > maxNodes) throw tooManyNodes(maxNodes);
      continue;
    }
    const first = lexeme[0];
    const blank = first === ' ' || first === '\t' || first === '#' || lexeme === '\n';
    if (flow === 0 && !blank && (lineStart || lexeme === '-' || lexeme === '?')) open(column);
    if (lexeme === '[' || lexeme === '{') {
      flow++;
      if (++nodes > maxNodes) throw tooManyNodes(maxNodes);
      if (blocks.length + flow > maxDepth) throw tooDeep(maxDepth);
    } else if ((lexeme === ']' || lexeme === '}') && flow > 0) flow--;
    else if (first === '&') uses.set(lexeme, 0);
    else if (first === '*' || first === '"' || first === "'") {
      if (++nodes > maxNodes) throw tooManyNodes(maxNodes);
      if (first === '*' && maxAliasCount >= 0) {
        const anchor = `&${lexeme.slice(1)}`;
        const count = (uses.get(anchor) ?? 0) + 1;
        // yaml counts the anchor itself as the first use.
        if (count + 1 > maxAliasCount)
          throw tooManyNodes(maxNodes, aliasedTooOften(lexeme, maxAliasCount));
        uses.set(anchor, count);
      }
    }
    // A block scalar's text ends with its newline, so the next lexeme starts a line too.
    if (lexeme.endsWith('\n')) {
      lineStart = true;
      column = 0;
    } else {
      if (!blank) lineStart = false;
      const newline = lexeme.lastIndexOf('\n');
      column = newline < 0 ? column + lexeme.length : lexeme.length - newline - 1;
    }
  }
}
