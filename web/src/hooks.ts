// Small hooks the screens share: an async load with reload, the narrow-screen switch (cards instead
// of tables below 768 px), the browser's online state, a filtered list, and a form's Idempotency-Key.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { isTransient, newIdempotencyKey } from './api/http';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (value: T) => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => id === run.current && setState({ data, loading: false }),
      (error: unknown) => id === run.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // `load` is a new closure every render; `deps` says when it means something new.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((data: T) => setState({ data, loading: false }), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}

const NARROW = '(max-width: 767px)';

export function useNarrow(): boolean {
  return useSyncExternalStore(
    (listener) => {
      const mq = window.matchMedia(NARROW);
      mq.addEventListener('change', listener);
      return () => mq.removeEventListener('change', listener);
    },
    () => window.matchMedia(NARROW).matches,
  );
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}

interface PageOf<T> {
  items: T[];
  nextCursor?: string;
}

export interface FilteredList<F, T> {
  filters: F;
  /** A setter per filter; choosing another district clears the street. */
  set: (key: keyof F) => (value: string | undefined) => void;
  items: T[];
  cursor: string | undefined;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
}

/**
 * A list screen's filters, kept in the URL (`/app/<path>?…`, so a link or a reload shows the same
 * list), and its cursor-paged items: the first page on every filter change, the next on loadMore.
 */
export function useFilteredList<F extends object, T>(
  path: string,
  filterKeys: readonly (keyof F & string)[],
  fetchPage: (filters: F, cursor?: string) => Promise<PageOf<T>>,
): FilteredList<F, T> {
  const [filters, setFilters] = useState<F>(() => {
    const search = new URLSearchParams(window.location.search);
    const out: Record<string, string> = {};
    for (const key of filterKeys) {
      const v = search.get(key);
      if (v) out[key] = v;
    }
    return out as F;
  });
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  async function load(next: F, after?: string) {
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(next, after);
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(filters);
    const search = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `/app/${path}${search ? `?${search}` : ''}`);
  }, [filters]);

  const set = (key: keyof F) => (value: string | undefined) =>
    setFilters((f) => {
      const next: Record<string, unknown> = { ...f, [key]: value || undefined };
      if (key === 'districtCode') delete next.streetCode;
      return next as F;
    });

  return { filters, set, items, cursor, loading, error, loadMore: () => void load(filters, cursor) };
}

export interface SubmissionKey {
  /** The key to send `body` with: the one of the last try when the same content is sent again. */
  keyFor(body: unknown): string;
  /** After an answer: a final one (success or refusal) retires the key; a transient failure keeps it for the retry. */
  settle(err?: unknown): void;
}

/**
 * A form's Idempotency-Key: the same content sent again after a lost answer (a 503, a dropped
 * connection) goes with the same key, so the server applies it once; new content gets a new key.
 */
export function useSubmissionKey(): SubmissionKey {
  const pending = useRef<{ key: string; json: string } | null>(null);
  return useMemo(
    () => ({
      keyFor(body) {
        const json = JSON.stringify(body);
        if (!pending.current || pending.current.json !== json) pending.current = { key: newIdempotencyKey(), json };
        return pending.current.key;
      },
      settle(err) {
        if (err === undefined || !isTransient(err)) pending.current = null;
      },
    }),
    [],
  );
}
