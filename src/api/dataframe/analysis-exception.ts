import { SluiceError } from '../../core/errors.ts';
import { SqlValidationError } from '../sql/planner/index.ts';
import { SqlParseError } from '../sql/sql-error.ts';

/**
 * A DataFrame operation that cannot work on its input (Spark's AnalysisException): an unknown
 * column, a type mismatch, an output mode the query does not allow. Thrown when the DataFrame is
 * built or the query starts — never halfway through a run. The message says what is wrong and,
 * for output-mode rules, how to fix it.
 *
 * @example
 * try { df.select(col('prize')); } catch (e) { if (e instanceof AnalysisException) console.error(e.message); }
 */
export class AnalysisException extends SluiceError {}

/**
 * A planner error as an AnalysisException naming the DataFrame operation (`select`, `groupBy`…). SQL
 * errors from text the user wrote (`expr('…')`) keep their position; errors in expressions built with
 * Column methods have none to give.
 *
 * @example
 * try { planSelect(); } catch (e) { throw analysisError(e, 'select'); }
 */
export function analysisError(error: unknown, operation: string): unknown {
  if (error instanceof AnalysisException) return error;
  if (error instanceof SqlValidationError) {
    const where = error.line > 0 ? ` (at ${error.line}:${error.column} of the expression)` : '';
    return new AnalysisException(`${operation}: ${error.problem}${where}`, { cause: error });
  }
  if (error instanceof SqlParseError) return new AnalysisException(`${operation}: ${error.message}`, { cause: error });
  if (error instanceof SluiceError) return new AnalysisException(`${operation}: ${error.message}`, { cause: error });
  return error;
}
