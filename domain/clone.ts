// Deep copy for the plain JSON-shaped data a case holds. structuredClone is not available in every
// Temporal workflow sandbox, and the machine must never mutate the state it was given.

export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => deepClone(item)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = deepClone(item);
  }
  return copy as T;
}
