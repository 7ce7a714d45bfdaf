import { AnalysisException } from '../../api/dataframe/analysis-exception.ts';
import type { DataFrame } from '../../api/dataframe/dataframe.ts';
import type { OutputMode } from '../../api/dataframe/writer-specs.ts';

/**
 * Spark's output-mode rules for a streaming query, checked at `start()`:
 * - append: a streaming aggregation needs an event-time window over a column with a watermark
 *   (rows are written once, when final);
 * - complete: needs an aggregation (the whole result table is rewritten each batch);
 * - update: anything.
 * The error names the rule and the fix.
 *
 * @example
 * checkOutputMode(agg, 'append') // AnalysisException when agg has no watermark
 */
export function checkOutputMode(df: DataFrame, mode: OutputMode): void {
  const aggregation = df.aggregation;
  if (mode === 'append' && aggregation !== undefined && !aggregation.watermarked) {
    throw new AnalysisException(
      'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark: ' +
      "group by window(<column>, …) after withWatermark('<column>', '<delay>') so windows become final, or use outputMode('update') or 'complete'",
    );
  }
  if (mode === 'complete' && aggregation === undefined) {
    throw new AnalysisException(
      "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets: use outputMode('append') or 'update', or aggregate with groupBy(…).agg(…)",
    );
  }
}
