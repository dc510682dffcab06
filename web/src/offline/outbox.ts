// The report outbox: every report is first written to IndexedDB with the Idempotency-Key it keeps
// for life, then sent. A report made offline, or whose sending failed for lack of an answer (or a
// 503), stays in the outbox and is sent again, with the same key, when the connection returns (the
// `online` event) and on a slow retry loop while anything waits. The server answers a repeated key
// with the first answer, so a report whose answer was lost on the way back never opens two cases.
// Sending is done from the page: Background Sync is not available everywhere (not headless).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { postReport } from '../api/endpoints';
import { ApiError, isTransient, newIdempotencyKey } from '../api/http';
import type { FieldError, ReportBody, ReportResult } from '../api/types';
import { errorMessage } from '../errors';
import { getSession } from '../session';

export interface QueuedReport {
  /** The Idempotency-Key: generated once, when the report is made. */
  key: string;
  /** Whose report it is: only that user's session sends it (the server scopes keys per user). */
  userId: string;
  body: ReportBody;
  createdAt: string;
  attempts: number;
  state: 'waiting' | 'rejected';
  lastError?: string;
  errors?: FieldError[];
}

export interface SentReport {
  key: string;
  body: ReportBody;
  result: ReportResult;
  sentAt: string;
}

export type SubmitOutcome =
  { kind: 'sent'; sent: SentReport } | { kind: 'queued'; item: QueuedReport } | { kind: 'rejected'; item: QueuedReport; error: ApiError };

interface OutboxDb extends DBSchema {
  reports: { key: string; value: QueuedReport; indexes: { byUser: string } };
}

const RETRY_MS = 10_000;

class Outbox {
  private db: Promise<IDBPDatabase<OutboxDb>> | null = null;
  private listeners = new Set<() => void>();
  private flushing: Promise<void> | null = null;
  private timer: number | null = null;
  private started = false;
  private outcomes = new Map<string, SubmitOutcome>();
  items: QueuedReport[] = [];
  sent: SentReport[] = [];

  private open(): Promise<IDBPDatabase<OutboxDb>> {
    this.db ??= openDB<OutboxDb>('pa-workbench', 1, {
      upgrade(db) {
        db.createObjectStore('reports', { keyPath: 'key' }).createIndex('byUser', 'userId');
      },
    });
    return this.db;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** Reloads the signed-in user's queue from IndexedDB (oldest first). */
  async refresh(): Promise<QueuedReport[]> {
    const userId = getSession()?.userId;
    const db = await this.open();
    const rows = userId ? await db.getAllFromIndex('reports', 'byUser', userId) : [];
    this.items = rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.emit();
    this.schedule();
    return this.items;
  }

  /** Starts the sender: on every return of the connection, and every few seconds while anything waits. */
  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', () => void this.flush());
    void this.refresh().then(() => this.flush());
  }

  /** Stores the report, then sends it at once when there is a connection. */
  async submit(body: ReportBody): Promise<SubmitOutcome> {
    const session = getSession();
    if (!session) throw new Error('not signed in');
    const item: QueuedReport = {
      key: newIdempotencyKey(),
      userId: session.userId,
      body,
      createdAt: new Date().toISOString(),
      attempts: 0,
      state: 'waiting',
    };
    await (await this.open()).put('reports', item);
    await this.refresh();
    if (navigator.onLine) {
      await this.flush();
      // A run already under way may have read the queue before this report was in it.
      if (!this.outcomes.has(item.key)) await this.flush();
    }
    return this.outcomes.get(item.key) ?? { kind: 'queued', item: this.items.find((i) => i.key === item.key) ?? item };
  }

  async remove(key: string): Promise<void> {
    await (await this.open()).delete('reports', key);
    await this.refresh();
  }

  /** Sends every waiting report of the signed-in user, oldest first; one run at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.withLock(() => this.sendAll()).finally(() => {
      this.flushing = null;
      this.schedule();
    });
    return this.flushing;
  }

  /** Across tabs too, where the browser offers Web Locks (the key would make a double send harmless anyway). */
  private async withLock(run: () => Promise<void>): Promise<void> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (locks) await locks.request('pa-workbench-outbox', run);
    else await run();
  }

  private async sendAll(): Promise<void> {
    const session = getSession();
    // Offline: nothing can arrive; the `online` event starts the next run.
    if (!session || !navigator.onLine) return;
    const db = await this.open();
    const waiting = (await db.getAllFromIndex('reports', 'byUser', session.userId))
      .filter((i) => i.state === 'waiting')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const item of waiting) {
      if (getSession()?.userId !== item.userId) return;
      try {
        const result = await postReport(item.body, item.key);
        await db.delete('reports', item.key);
        const sent: SentReport = { key: item.key, body: item.body, result, sentAt: new Date().toISOString() };
        this.sent = [sent, ...this.sent].slice(0, 20);
        this.outcomes.set(item.key, { kind: 'sent', sent });
      } catch (err) {
        const updated: QueuedReport = {
          ...item,
          attempts: item.attempts + 1,
          lastError: isTransient(err) ? '服务器暂时无法连接，将自动重试' : errorMessage(err),
        };
        if (isTransient(err)) {
          await db.put('reports', updated);
          this.outcomes.set(item.key, { kind: 'queued', item: updated });
          // No connection: the rest would fail the same way; wait for the next round.
          break;
        }
        if (err instanceof ApiError && err.status === 401) break;
        // The server refused the report itself: it stays in the list, marked, for the user to fix.
        const rejected: QueuedReport = { ...updated, state: 'rejected', ...(err instanceof ApiError ? { errors: err.fieldErrors } : {}) };
        await db.put('reports', rejected);
        if (err instanceof ApiError) this.outcomes.set(item.key, { kind: 'rejected', item: rejected, error: err });
      }
    }
    await this.refresh();
  }

  private schedule(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    if (!this.started || !this.items.some((i) => i.state === 'waiting')) return;
    this.timer = window.setTimeout(() => void this.flush(), RETRY_MS);
  }
}

export const outbox = new Outbox();
