// Short confirmations ("已受理") shown at the top of the page for a few seconds and announced to
// screen readers; antd's message API would bring its modal and notification code into every page.
import { useSyncExternalStore } from 'react';

interface Toast {
  id: number;
  text: string;
}

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

export function toast(text: string): void {
  const id = next++;
  // The latest confirmation replaces the one before: a stack of them only hides the page.
  toasts = [{ id, text }];
  emit();
  window.setTimeout(() => {
    toasts = toasts.filter((t) => t.id !== id);
    emit();
  }, 4000);
}

export function Toasts() {
  const items = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {items.map((t) => (
        <div key={t.id} className="toast">
          {t.text}
        </div>
      ))}
    </div>
  );
}
