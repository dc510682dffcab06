// Calls to the API with the signed-in user's bearer token. Three kinds of failure, because the
// screens treat them differently: the server answered with a problem (ApiError: show its message or
// its field errors), the server is temporarily unavailable (ApiError with status 503: keep the form,
// retry later), and no answer at all (NetworkError: offline, or the connection dropped).
import { getSession, signOut } from '../session';
import type { FieldError, Problem } from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code ?? `HTTP_${status}`;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  /** Worth retrying later with the same request: the server or one of its dependencies is down. */
  get retriable(): boolean {
    return this.status === 503 || this.status === 502 || this.status === 504 || this.status === 429;
  }
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('no answer from the server', { cause });
    this.name = 'NetworkError';
  }
}

/** Offline, dropped, or the server down for a moment: a request that may be sent again unchanged. */
export function isTransient(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof ApiError && err.retriable);
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Send without the bearer token (the development sign-in endpoints). */
  anonymous?: boolean;
  /** Override the stored token (checking a pasted token before keeping it). */
  token?: string;
}

async function problemOf(res: Response): Promise<Problem | null> {
  try {
    const body = (await res.json()) as Partial<Problem>;
    return typeof body === 'object' && body !== null && typeof body.code === 'string' ? ({ errors: [], ...body } as Problem) : null;
  } catch {
    return null;
  }
}

/** Sends with the session's token; a non-2xx answer becomes an ApiError, no answer a NetworkError. */
async function send(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = options.token ?? getSession()?.token;
  if (!options.anonymous && token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError') throw err;
    throw new NetworkError(err);
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    // An expired or revoked token: back to the sign-in page (a pasted token being checked excepted).
    if (res.status === 401 && !options.anonymous && options.token === undefined) signOut();
    throw new ApiError(res.status, problem);
  }
  return res;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  options: RequestOptions = {},
): Promise<{ status: number; data: T }> {
  const res = await send(method, path, options, 'application/json');
  const data = res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  return { status: res.status, data };
}

/**
 * A file the API answers (a ledger, a report workbook), saved through the browser. Fetched with the
 * token in its header, never in a URL a proxy or the browser's history would keep.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send('GET', path, {}, '*/*');
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function get<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>('GET', path, options)).data;
}

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A fresh Idempotency-Key. randomUUID needs a secure context; an intranet address over HTTP has none. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
