/**
 * A record of a table-shaped stream: a plain object, the shape `JSON.parse` gives.
 * TIMESTAMP values are epoch milliseconds (numbers) inside the engine and are formatted only at the edges.
 *
 * @example
 * const trade: Row = { symbol: 'AAPL', shares: 150, price: 101.5, transaction_date: 1704103200000 };
 */
export type Row = Record<string, unknown>;
