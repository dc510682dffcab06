// Names of districts and streets from GET /api/v1/jurisdictions, kept in localStorage (reference data,
// no personal data) so the report form can pick a street while the phone is offline.
import { useEffect, useState } from 'react';
import { getJurisdictions } from './api/endpoints';
import type { Jurisdiction } from './api/types';
import { getSession, useSession } from './session';

const CACHE_KEY = 'pa.workbench.jurisdictions';

export interface JurisdictionIndex {
  root: Jurisdiction | null;
  byCode: Map<string, Jurisdiction>;
}

function indexOf(root: Jurisdiction | null): JurisdictionIndex {
  const byCode = new Map<string, Jurisdiction>();
  const walk = (node: Jurisdiction) => {
    byCode.set(node.code, node);
    node.children.forEach(walk);
  };
  if (root) walk(root);
  return { root, byCode };
}

function cached(): Jurisdiction | null {
  try {
    const text = window.localStorage.getItem(CACHE_KEY);
    return text ? (JSON.parse(text) as Jurisdiction) : null;
  } catch {
    return null;
  }
}

let index: JurisdictionIndex = indexOf(cached());
let loading: Promise<JurisdictionIndex> | null = null;
const listeners = new Set<(i: JurisdictionIndex) => void>();

export function loadJurisdictions(): Promise<JurisdictionIndex> {
  // The tree is only served to signed-in users; before sign-in the cached copy (if any) is used.
  if (!getSession()) return Promise.resolve(index);
  loading ??= getJurisdictions()
    .then((root) => {
      // Committees are not needed by any screen; keep the cache small.
      const trimmed: Jurisdiction = {
        ...root,
        children: root.children.map((d) => ({ ...d, children: d.children.map((s) => ({ ...s, children: [] })) })),
      };
      try {
        window.localStorage.setItem(CACHE_KEY, JSON.stringify(trimmed));
      } catch {
        // Storage full or refused: names still show for this page.
      }
      index = indexOf(trimmed);
      for (const listener of listeners) listener(index);
      return index;
    })
    .catch(() => {
      loading = null;
      return index;
    });
  return loading;
}

export function useJurisdictions(): JurisdictionIndex {
  const [value, setValue] = useState(index);
  const userId = useSession()?.userId;
  useEffect(() => {
    listeners.add(setValue);
    void loadJurisdictions();
    return () => {
      listeners.delete(setValue);
    };
  }, [userId]);
  return value;
}

/** 越秀区 · 北京街道 style name of a code; the code itself when unknown. */
export function nameOf(index: JurisdictionIndex, code: string | null | undefined): string {
  if (!code) return '—';
  return index.byCode.get(code)?.nameZh ?? code;
}

export function placeOf(index: JurisdictionIndex, streetCode: string): string {
  const street = index.byCode.get(streetCode);
  const district = index.byCode.get(streetCode.slice(0, 6));
  if (!street) return streetCode;
  return district ? `${district.nameZh} ${street.nameZh}` : street.nameZh;
}

/** Districts (and their streets) inside a jurisdiction: the whole city, one district or one street. */
export function districtsWithin(index: JurisdictionIndex, code: string): Jurisdiction[] {
  const all = index.root?.children ?? [];
  if (/^\d{4}00$/.test(code)) return all;
  const district = all.find((d) => code.startsWith(d.code));
  if (!district) return [];
  if (code.length === 6) return [district];
  return [{ ...district, children: district.children.filter((s) => s.code === code) }];
}

export function streetsWithin(index: JurisdictionIndex, code: string): Jurisdiction[] {
  return districtsWithin(index, code).flatMap((d) => d.children);
}
