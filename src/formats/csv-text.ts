/**
 * RFC 4180 field splitting and quoting, shared by the CSV format and the file connector (which
 * needs to know whether a line ends inside a quoted field, to join it with the next line).
 */

/**
 * Why a line is not valid CSV; the caller wraps it in a RecordError with the origin.
 *
 * @example
 * try { splitCsvRecord('"open'); } catch (e) { if (e instanceof CsvSyntaxError) console.log(e.message); }
 */
export class CsvSyntaxError extends Error {}

/**
 * Splits one CSV record into its fields. Quoted fields may contain the delimiter, line breaks and
 * doubled quotes (`""` → `"`).
 *
 * @example
 * splitCsvRecord('AAPL,"Apple, Inc.","say ""hi"""') // ['AAPL', 'Apple, Inc.', 'say "hi"']
 */
export function splitCsvRecord(text: string, delimiter = ',', quote = '"'): string[] {
  const fields: string[] = [];
  const length = text.length;
  let i = 0;
  for (;;) {
    if (text[i] === quote) {
      let value = '';
      let from = ++i;
      for (;;) {
        const q = text.indexOf(quote, i);
        if (q < 0) throw new CsvSyntaxError(`field ${fields.length + 1}: unterminated quoted field`);
        if (text[q + 1] === quote) {
          value += text.slice(from, q + 1);
          i = from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === length) return fields;
      if (text[i] !== delimiter) {
        throw new CsvSyntaxError(`field ${fields.length}: unexpected ${JSON.stringify(text[i])} after closing quote`);
      }
      i++;
    } else {
      const d = text.indexOf(delimiter, i);
      const end = d < 0 ? length : d;
      const value = text.slice(i, end);
      if (value.includes(quote)) throw new CsvSyntaxError(`field ${fields.length + 1}: quote inside an unquoted field`);
      fields.push(value);
      if (d < 0) return fields;
      i = d + 1;
    }
  }
}

/**
 * True when the text ends inside a quoted field (an odd number of quote characters), so the record
 * continues on the next line.
 *
 * @example
 * csvRecordIsOpen('1,"two') // true
 */
export function csvRecordIsOpen(text: string, quote = '"'): boolean {
  let count = 0;
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) count++;
  return count % 2 === 1;
}

/**
 * Quotes a field when it contains the delimiter, the quote, or a line break (RFC 4180).
 *
 * @example
 * quoteCsvField('Apple, Inc.') // '"Apple, Inc."'
 */
export function quoteCsvField(text: string, delimiter = ',', quote = '"'): string {
  if (!text.includes(delimiter) && !text.includes(quote) && !text.includes('\n') && !text.includes('\r')) return text;
  return quote + text.split(quote).join(quote + quote) + quote;
}
