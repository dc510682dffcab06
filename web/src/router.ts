// A small history router under /app/ (the server answers every deep link with the same page): the
// current path as a hook, navigation without a reload, and links that stay links for the browser.
import { createElement, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/app';
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', emit);

/** The path inside the app: "/" for /app/, "/cases/c-1" for /app/cases/c-1. */
export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : window.location.pathname;
  return path === '' ? '/' : path;
}

export function usePath(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname + window.location.search,
  );
  const url = new URL(href, window.location.origin);
  return { path: currentPath(), search: url.searchParams };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = `${BASE}${to.startsWith('/') ? to : `/${to}`}`;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  window.scrollTo(0, 0);
  emit();
}

/** Matches "/cases/:caseId" against a path; the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  return createElement('a', {
    ...rest,
    href: `${BASE}${to}`,
    onClick: (e: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(e);
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(to);
    },
  });
}
