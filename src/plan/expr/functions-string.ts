import { DataTypes, isCharacter, withNullability, type DataType } from '../../core/data-types.ts';
import { accepts, defineFunction, signature, type FunctionDefinition } from './function-definition.ts';

/**
 * String functions. Positions are 1-based and count UTF-16 code units (the same as characters for
 * text without emoji or other astral-plane characters). Regular expressions use JavaScript syntax,
 * which agrees with Java's for the common constructs.
 *
 * @example
 * lookupFunction('SUBSTR')!.name // 'SUBSTRING'
 */

const str = accepts.character;
const int = accepts.integer;
const STRING = DataTypes.STRING();
const INT = DataTypes.INT();
/** UPPER(CHAR(3)) stays CHAR(3); the untyped NULL gives STRING. */
const sameString = ([s]: readonly DataType[]): DataType => (isCharacter(s) ? withNullability(s, false) : STRING);

/** The string function definitions. */
export const STRING_FUNCTIONS: readonly FunctionDefinition[] = [
  signature({ name: 'UPPER', aliases: ['UCASE'], syntax: 'UPPER(string)', required: [str], returns: sameString }),
  signature({ name: 'LOWER', aliases: ['LCASE'], syntax: 'LOWER(string)', required: [str], returns: sameString }),
  signature({ name: 'INITCAP', syntax: 'INITCAP(string)', required: [str], returns: sameString }),
  signature({ name: 'REVERSE', syntax: 'REVERSE(string)', required: [str], returns: sameString }),
  // TRIM(BOTH|LEADING|TRAILING chars FROM s) binds to TRIM|LTRIM|RTRIM(s, chars); chars default to ' '.
  signature({ name: 'TRIM', aliases: ['BTRIM'], syntax: 'TRIM(string [, characters])', required: [str], optional: [str], returns: STRING }),
  signature({ name: 'LTRIM', syntax: 'LTRIM(string [, characters])', required: [str], optional: [str], returns: STRING }),
  signature({ name: 'RTRIM', syntax: 'RTRIM(string [, characters])', required: [str], optional: [str], returns: STRING }),
  signature({
    name: 'SUBSTRING', aliases: ['SUBSTR'], syntax: 'SUBSTRING(string, start [, length])', required: [str, int], optional: [int],
    returns: STRING, producesNull: (ts) => ts.length === 3, // a negative length gives NULL
  }),
  signature({ name: 'OVERLAY', syntax: 'OVERLAY(string, replacement, start [, length])', required: [str, str, int], optional: [int], returns: STRING }),
  signature({ name: 'LEFT', syntax: 'LEFT(string, n)', required: [str, int], returns: STRING }),
  signature({ name: 'RIGHT', syntax: 'RIGHT(string, n)', required: [str, int], returns: STRING }),
  signature({ name: 'CONCAT', syntax: 'CONCAT(string, …)', required: [str], rest: str, returns: STRING }),
  defineFunction({
    name: 'CONCAT_WS', syntax: 'CONCAT_WS(separator, string, …)', args: [1, Infinity], custom: true,
    // NULL strings are skipped; only a NULL separator gives NULL.
    returns: (ts) => (ts.every((t) => str(t)) ? withNullability(STRING, ts[0].nullable) : undefined),
  }),
  signature({ name: 'CHAR_LENGTH', aliases: ['CHARACTER_LENGTH', 'LENGTH'], syntax: 'CHAR_LENGTH(string)', required: [str], returns: INT }),
  signature({ name: 'POSITION', syntax: 'POSITION(needle IN string)', required: [str, str], returns: INT }),
  signature({ name: 'LOCATE', syntax: 'LOCATE(needle, string [, start])', required: [str, str], optional: [int], returns: INT }),
  signature({ name: 'REPLACE', syntax: 'REPLACE(string, search, replacement)', required: [str, str, str], returns: STRING }),
  signature({
    name: 'REGEXP_EXTRACT', syntax: 'REGEXP_EXTRACT(string, regex [, group])', required: [str, str], optional: [int],
    returns: STRING, producesNull: true,
  }),
  signature({ name: 'REGEXP_REPLACE', syntax: 'REGEXP_REPLACE(string, regex, replacement)', required: [str, str, str], returns: STRING, producesNull: true }),
  signature({ name: 'REGEXP', syntax: 'REGEXP(string, regex)', required: [str, str], returns: DataTypes.BOOLEAN(), producesNull: true }),
  signature({ name: 'SPLIT_INDEX', syntax: 'SPLIT_INDEX(string, separator, index)', required: [str, str, int], returns: STRING, producesNull: true }),
  signature({ name: 'LPAD', syntax: 'LPAD(string, length, padding)', required: [str, int, str], returns: STRING, producesNull: true }),
  signature({ name: 'RPAD', syntax: 'RPAD(string, length, padding)', required: [str, int, str], returns: STRING, producesNull: true }),
  signature({ name: 'REPEAT', syntax: 'REPEAT(string, n)', required: [str, int], returns: STRING }),
  signature({ name: 'ASCII', syntax: 'ASCII(string)', required: [str], returns: INT }),
  signature({ name: 'CHR', syntax: 'CHR(code)', required: [int], returns: DataTypes.CHAR(1) }),
];
