/**
 * Spark's StreamingQueryProgress, field for field where Sluice has the figure: one per micro-batch.
 *
 * @example
 * query.lastProgress?.numInputRows
 */
export interface StreamingQueryProgress {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  /** ISO-8601 time the batch started. */
  readonly timestamp: string;
  readonly batchId: number;
  readonly batchDuration: number;
  readonly numInputRows: number;
  readonly inputRowsPerSecond: number;
  readonly processedRowsPerSecond: number;
  readonly durationMs: Readonly<Record<string, number>>;
  /** `{ watermark: '2024-01-02T09:55:00.000Z' }` when the query has an event-time watermark. */
  readonly eventTime: Readonly<Record<string, string>>;
  /** Each stateful operator: its kind, keys held after the batch, and records it dropped as late in the batch. */
  readonly stateOperators: readonly { readonly operatorName: string; readonly numRowsTotal: number; readonly numRowsDroppedByWatermark: number }[];
  /**
   * Each source: its rows in the batch, and in `metrics` (strings, as Spark's) `numSkippedRecords` and
   * `numDeadLetteredRecords` — records of the batch dropped as unparsable or sent to its dead-letter output.
   */
  readonly sources: readonly {
    readonly description: string; readonly numInputRows: number; readonly inputRowsPerSecond: number; readonly processedRowsPerSecond: number;
    readonly metrics: Readonly<Record<string, string>>;
  }[];
  readonly sink: { readonly description: string; readonly numOutputRows: number };
}

/** Spark's StreamingQueryStatus. */
export interface StreamingQueryStatus {
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

/**
 * A running streaming query (Spark's StreamingQuery): wait for it, stop it, watch its progress.
 *
 * @example
 * const query = df.writeStream.outputMode('update').format('console').start();
 * await query.awaitTermination(10_000);
 * console.log(query.lastProgress);
 * await query.stop();
 */
export interface StreamingQuery {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly isActive: boolean;
  readonly status: StreamingQueryStatus;
  readonly lastProgress: StreamingQueryProgress | null;
  readonly recentProgress: readonly StreamingQueryProgress[];
  /**
   * Resolves when the query ends (true), or after `timeoutMs` while it still runs (false); rejects
   * with the query's error if it failed.
   */
  awaitTermination(timeoutMs?: number): Promise<boolean>;
  /** Waits until every input available now has been processed and written. */
  processAllAvailable(): Promise<void>;
  /** Stops the query after the current micro-batch. */
  stop(): Promise<void>;
  /** The error that ended the query, if one did. */
  exception(): Error | null;
}

/** Spark's StreamingQueryListener: called on start, on each batch's progress, on termination. */
export interface StreamingQueryListener {
  /** A query started (`start()`). */
  onQueryStarted?(event: { readonly id: string; readonly runId: string; readonly name: string | null }): void;
  /** A micro-batch completed; `progress` has Spark's fields. */
  onQueryProgress?(event: { readonly progress: StreamingQueryProgress }): void;
  /** A query ended: stopped, finished, or failed (`exception`). */
  onQueryTerminated?(event: { readonly id: string; readonly runId: string; readonly exception: string | null }): void;
}
