import type { Hint, HintOption } from '../ast/queries.ts';
import type { Cursor } from './parser-base.ts';

/**
 * `/*+ NAME(options), … *\/` if the cursor is on one, else no hints. Options are either all
 * `key = 'value'` pairs (OPTIONS('k' = 'v')) or plain values (BROADCAST(t1, t2)).
 *
 * @example
 * parseHints(new Cursor("/*+ OPTIONS('scan.startup.mode' = 'earliest-offset') *\/"))
 */
export function parseHints(c: Cursor): Hint[] {
  if (c.peek().kind !== 'hint-start') return [];
  c.next();
  const hints: Hint[] = [];
  do {
    const t = c.peek();
    if (t.kind !== 'word' && t.kind !== 'quoted') c.fail(['a hint name']);
    c.next();
    const options: HintOption[] = [];
    if (c.acceptSymbol('(') && !c.acceptSymbol(')')) {
      do options.push(parseOption(c)); while (c.acceptSymbol(','));
      c.expectSymbol(')');
    }
    hints.push({ name: t.value, options, pos: t.pos });
  } while (c.acceptSymbol(','));
  if (c.peek().kind !== 'hint-end') c.fail(["','", "'*/'"]);
  c.next();
  return hints;
}

function parseOption(c: Cursor): HintOption {
  const t = c.peek();
  if (t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'string' && t.kind !== 'number') c.fail(['a hint option']);
  c.next();
  if (c.acceptSymbol('=')) return { kind: 'HintKeyValue', key: t.value, value: c.string("a quoted value ('…')") };
  return { kind: 'HintValue', value: t.value, quoted: t.kind === 'string' };
}
