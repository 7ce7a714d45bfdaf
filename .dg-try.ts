import { datagenSource, stockTradeSource, nexmarkSource } from '/work/main/src/connectors/datagen/index.ts';
const ctx = { taskIndex: 0, parallelism: 1, now: () => Date.now() };
const s = datagenSource({ schema: { id: { kind: 'sequence', start: 1, end: 5 }, side: { kind: 'one-of', values: ['buy', 'sell'] }, p: { kind: 'random-double', min: 1, max: 10, decimals: 2 }, t: { kind: 'timestamp', maxPastMs: 1000 }, s: {kind:'random-string', length: 5}, b: {kind:'boolean'}, n: {kind:'random-int', min: 1, max: 6} } });
const r = s.createReader(s.splits(ctx)[0] as any, undefined, ctx);
console.log(await r.poll(10), r.position());
const t = stockTradeSource({ maxRecords: 100000 });
const tr = t.createReader({ id: 'stock-trades-0' }, undefined, ctx);
const b = await tr.poll(100000) as any;
let big = 0, ooo = 0, late = 0, max = -Infinity;
for (const v of b.values) { if (v.transaction_value > 10000) big++; if (v.transaction_date < max) ooo++; if (max - v.transaction_date > 5000) late++; max = Math.max(max, v.transaction_date); }
console.log(b.values.slice(0, 3), big / b.values.length, ooo / b.values.length, late / b.values.length, (b.values.at(-1).transaction_date - b.values[0].transaction_date)/3600000);
const prices: Record<string, number[]> = {};
for (const v of b.values) (prices[v.symbol] ??= []).push(v.price);
for (const [k, ps] of Object.entries(prices)) console.log(k, Math.min(...ps), Math.max(...ps));
const n = nexmarkSource({ maxEvents: 5000 });
const nr = n.createReader({ id: 'nexmark-0' }, undefined, ctx);
const nb = await nr.poll(10000) as any;
console.log(JSON.stringify(nb.values.slice(0, 6), null, 1).slice(0, 3000), nb.values.length);
