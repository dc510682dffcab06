// Small hooks the screens share: an async load with reload, the narrow-screen switch (cards instead
// of tables below 768 px), and the browser's online state.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

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
