import type { DataType } from '../../core/data-types.ts';
import { formatDateText, formatTimeText, formatTimestampText } from '../../plan/expr/datetime-text.ts';
import { formatIntervalText } from '../../plan/expr/interval-text.ts';
import { formatDecimal, formatDouble } from './runtime-numeric.ts';

/**
 * How a value of a type reads as text — `CAST(x AS STRING)`, as Flink prints it: BOOLEAN as
 * TRUE/FALSE, DOUBLE like Java (`1.0E10`), DECIMAL with its scale (`5.00`), TIMESTAMP(p) as
 * `yyyy-MM-dd HH:mm:ss` plus p fraction digits (UTC), intervals as `+1 10:30:00.000` / `+1-06`, BYTES
 * decoded as UTF-8, arrays `[1, 2]`, maps `{k=v}`, rows `(1, abc)`, NULL inside them as `NULL`.
 *
 * @example
 * textFormatter(DataTypes.DECIMAL(10, 2))(5) // '5.00'
 */
export function textFormatter(type: DataType): (v: any) => string {
  switch (type.kind) {
    case 'BOOLEAN': return (v: boolean) => (v ? 'TRUE' : 'FALSE');
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': return (v: number) => String(v);
    case 'FLOAT': case 'DOUBLE': return formatDouble;
    case 'DECIMAL': { const s = type.scale; return (v: number) => formatDecimal(v, s); }
    case 'CHAR': case 'VARCHAR': return (v: string) => v;
    case 'BINARY': case 'VARBINARY': { const decoder = new TextDecoder(); return (v: Uint8Array) => decoder.decode(v); }
    case 'DATE': return formatDateText;
    case 'TIME': { const p = type.precision; return (v: number) => formatTimeText(v, p); }
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': { const p = type.precision; return (v: number) => formatTimestampText(v, p); }
    case 'INTERVAL_DAY_TIME': case 'INTERVAL_YEAR_MONTH': return (v: number) => formatIntervalText(v, type);
    case 'ARRAY': case 'MULTISET': {
      const element = nullable(textFormatter(type.element));
      return (v: unknown[]) => `[${v.map(element).join(', ')}]`;
    }
    case 'MAP': {
      const value = nullable(textFormatter(type.value));
      return (v: object) => {
        const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
        return `{${entries.map(([k, x]) => `${k === null ? 'NULL' : String(k)}=${value(x)}`).join(', ')}}`;
      };
    }
    case 'ROW': {
      const fields = type.fields.map((f) => ({ name: f.name, text: nullable(textFormatter(f.type)) }));
      return (v: Record<string, unknown>) => `(${fields.map((f) => f.text(v[f.name])).join(', ')})`;
    }
    case 'NULL': return () => 'NULL';
  }
}

function nullable(format: (v: any) => string): (v: unknown) => string {
  return (v) => (v === null || v === undefined ? 'NULL' : format(v));
}
