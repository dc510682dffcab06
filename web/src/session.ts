// The signed-in user: the bearer token lives in this tab's sessionStorage (gone when the tab closes),
// its claims are read for display and for choosing screens only (the server checks every request).
// `/app#token=<bearer>` signs in with a given token and removes it from the address bar at once.
import { useSyncExternalStore } from 'react';
import type { Role } from './api/types';

const TOKEN_KEY = 'pa.workbench.token';
const NAME_KEY = 'pa.workbench.name';

export interface Session {
  token: string;
  userId: string;
  role: Role;
  jurisdictionCode: string;
  /** Display name when known (the development sign-in tells it). */
  name?: string;
  expiresAt?: number;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The token's payload, or null when it is not a readable JWT. */
export function claimsOf(token: string): { sub?: string; role?: string; jur?: string; exp?: number } | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as { sub?: string; role?: string; jur?: string; exp?: number };
  } catch {
    return null;
  }
}

function sessionOf(token: string, name?: string): Session | null {
  const claims = claimsOf(token);
  if (!claims || typeof claims.sub !== 'string' || typeof claims.role !== 'string' || typeof claims.jur !== 'string') return null;
  return {
    token,
    userId: claims.sub,
    role: claims.role as Role,
    jurisdictionCode: claims.jur,
    ...(name ? { name } : {}),
    ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
  };
}

function emit(): void {
  for (const listener of listeners) listener();
}

/** Reads the session at start: a `#token=` in the address wins over a stored token. */
export function initSession(): void {
  if (takeTokenFromHash()) return;
  const stored = storage()?.getItem(TOKEN_KEY);
  current = stored ? sessionOf(stored, storage()?.getItem(NAME_KEY) ?? undefined) : null;
  if (current?.expiresAt !== undefined && current.expiresAt < Date.now()) signOut();
  // A link with #token= opened in a tab that already shows the workbench changes only the hash.
  window.addEventListener('hashchange', () => {
    if (takeTokenFromHash()) emit();
  });
}

function takeTokenFromHash(): boolean {
  const hash = window.location.hash;
  const match = /^#(?:.*&)?token=([^&]+)/.exec(hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    // The token must not stay in the address bar, the history or a bookmark.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    const session = sessionOf(token);
    if (session) {
      storage()?.setItem(TOKEN_KEY, token);
      storage()?.removeItem(NAME_KEY);
      current = session;
      return true;
    }
  }
  return false;
}

/** Signs in with a token; false when it is not a token at all (the server judges the rest). */
export function signIn(token: string, name?: string): boolean {
  const session = sessionOf(token.trim(), name);
  if (!session) return false;
  storage()?.setItem(TOKEN_KEY, session.token);
  if (name) storage()?.setItem(NAME_KEY, name);
  else storage()?.removeItem(NAME_KEY);
  current = session;
  emit();
  return true;
}

export function signOut(): void {
  storage()?.removeItem(TOKEN_KEY);
  storage()?.removeItem(NAME_KEY);
  current = null;
  emit();
}

export function getSession(): Session | null {
  return current;
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
