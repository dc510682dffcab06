// Timing of GET /escalations/stream, in a file of its own: the API's context (api/http/deps.ts) names
// it without importing the stream itself.
export interface EscalationStreamOptions {
  /** How often the feed table is polled. */
  pollMs: number;
  /**
   * How long a feed id must have been visible before rows up to it are sent. Ids come from a
   * sequence, and a transaction can commit after another that took a later id: sending id 11 while 10
   * is still uncommitted would skip 10 for ever (the client's Last-Event-ID would already be past it).
   * Rows are therefore sent only up to the highest id seen at least this long ago, by which time any
   * projection transaction that took a lower id has committed or rolled back.
   */
  settleMs: number;
  /** A comment line is sent when nothing else was written for this long, so proxies keep the connection. */
  heartbeatMs: number;
  /** The reconnection delay suggested to clients (the SSE `retry:` field). */
  retryMs: number;
  /** Rows read per query while catching up. */
  batchSize: number;
}
