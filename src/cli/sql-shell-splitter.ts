/**
 * Cuts the SQL shell's input lines into statements: a statement ends at a `;` outside strings,
 * quoted identifiers and comments. A statement set (`EXECUTE STATEMENT SET BEGIN … END;` or the
 * client's `BEGIN STATEMENT SET; … END;`) holds `;`s of its own and ends only at `END;`.
 *
 * @example
 * const splitter = new StatementSplitter();
 * splitter.push("SELECT 'a;b'") // []
 * splitter.push('FROM t; SHOW TABLES;') // ["SELECT 'a;b'\nFROM t;", 'SHOW TABLES;']
 * splitter.pending // false
 */
export class StatementSplitter {
  #text = '';
  /** Where the unscanned part of #text starts; the scan state below survives between lines. */
  #scanned = 0;
  #quote: string | undefined;
  #blockComment = false;
  /** The statement's first words (to spot a statement set) and its latest word (to spot END). */
  #words: string[] = [];
  #word = '';

  /** True while a statement has begun but not ended (the shell shows its continuation prompt). */
  get pending(): boolean {
    return this.#quote !== undefined || this.#blockComment || this.#words.length > 0 || this.#word !== '' || /\S/.test(stripComments(this.#text));
  }

  /** Adds a line; returns the statements it completed (with their `;`, trimmed). */
  push(line: string): string[] {
    this.#text += this.#text === '' ? line : `\n${line}`;
    const done: string[] = [];
    let start = 0;
    const text = this.#text;
    for (let i = this.#scanned; i < text.length; i++) {
      const ch = text[i];
      if (this.#blockComment) {
        if (ch === '*' && text[i + 1] === '/') { this.#blockComment = false; i++; }
      } else if (this.#quote !== undefined) {
        // A doubled quote is an escaped quote inside the string.
        if (ch === this.#quote) {
          if (text[i + 1] === this.#quote) i++;
          else this.#quote = undefined;
        }
      } else if (ch === '\'' || ch === '"' || ch === '`') {
        this.#endWord();
        this.#quote = ch;
      } else if (ch === '-' && text[i + 1] === '-') {
        this.#endWord();
        const newline = text.indexOf('\n', i);
        i = newline < 0 ? text.length : newline;
      } else if (ch === '/' && text[i + 1] === '*') {
        this.#endWord();
        this.#blockComment = true;
        i++;
      } else if (/\w/.test(ch)) {
        this.#word += ch;
      } else {
        this.#endWord();
        if (ch === ';' && this.#statementEnds()) {
          const statement = text.slice(start, i + 1).trim();
          if (stripComments(statement).replace(/;/g, '').trim() !== '') done.push(statement);
          start = i + 1;
          this.#words = [];
        }
      }
    }
    this.#text = text.slice(start);
    this.#scanned = this.#text.length;
    // A line comment runs to the end of its line only: the next line starts fresh.
    return done;
  }

  /** Forgets a half-typed statement (Ctrl-C at the continuation prompt). */
  clear(): void {
    this.#text = '';
    this.#scanned = 0;
    this.#quote = undefined;
    this.#blockComment = false;
    this.#words = [];
    this.#word = '';
  }

  /** What is left at end of input (a last statement without `;`), or undefined. */
  rest(): string | undefined {
    const rest = this.#text.trim();
    this.clear();
    return stripComments(rest).trim() === '' ? undefined : rest;
  }

  #endWord(): void {
    if (this.#word === '') return;
    this.#words.push(this.#word.toUpperCase());
    this.#word = '';
  }

  #statementEnds(): boolean {
    const [first, second, third, fourth] = this.#words;
    const inSet = (first === 'BEGIN' && second === 'STATEMENT' && third === 'SET')
      || (first === 'EXECUTE' && second === 'STATEMENT' && third === 'SET' && fourth === 'BEGIN');
    return !inSet || this.#words[this.#words.length - 1] === 'END';
  }
}

function stripComments(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?(\*\/|$)/g, '');
}
