// Key rotation for personal data at rest (§14): after a new key is put first in PII_KEY, every value
// in PostgreSQL still encrypted under an older key is decrypted and encrypted again under the active
// one, so the old key can leave PII_KEY for the database. Encrypted values live in many tables — text
// columns (names, phones, reasons), text arrays (referral needs) and JSON (sealed fields of case views,
// snapshots, event details) — so the tables are scanned by their column types rather than from a list
// that would miss the next one added. Each row is rewritten only if it is still what was read, in
// batches, so the command is safe beside a running platform and safe to run again: a second run finds
// nothing. Temporal histories cannot be rewritten: their payloads need the old key until the workflows
// that wrote them have continued-as-new or finished (README, "Key rotation").
import pg from 'pg';
import { PiiCipher } from './pii';

const BATCH = 500;

export interface RotationReport {
  /** Values re-encrypted, by `table.column`. */
  rotated: Record<string, number>;
  /**
   * Values still under another key id afterwards, by key id: under a key not in PII_KEY (they cannot
   * be read), or written under an old key during the run (run again).
   */
  remainingByKey: Record<string, number>;
}

interface EncryptableColumn {
  table: string;
  column: string;
  kind: 'text' | 'text[]' | 'json';
}

/** The SQL type a column's values are read and compared as. */
const SQL_TYPE: Record<EncryptableColumn['kind'], string> = { text: 'text', 'text[]': 'text[]', json: 'jsonb' };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A ciphertext (`v1.<kid>.<iv>.<tag>.`, PiiCipher.encrypt) anywhere in a column's text, the key id
 * captured; it also finds the values inside arrays and JSON.
 */
const CIPHERTEXT_PATTERN = `'(?:^|[^A-Za-z0-9_-])v1\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.'`;

/** The key ids of every ciphertext in column `c` of the current row, as a set-returning SQL expression. */
const keyIdsIn = (c: EncryptableColumn) => `regexp_matches(${quote(c.column)}::text, ${CIPHERTEXT_PATTERN}, 'g')`;

async function encryptableColumns(pool: pg.Pool): Promise<EncryptableColumn[]> {
  const { rows } = await pool.query<{ table: string; column: string; type: string }>(
    `SELECT c.table_name AS table, c.column_name AS column, c.udt_name AS type
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.udt_name IN ('text', 'varchar', '_text', '_varchar', 'json', 'jsonb') AND c.table_name <> '_prisma_migrations'
      ORDER BY 1, 2`,
  );
  return rows.map((r) => ({
    table: r.table,
    column: r.column,
    kind: r.type.startsWith('_') ? 'text[]' : r.type.startsWith('json') ? 'json' : 'text',
  }));
}

/** `value` with every ciphertext under a key other than the active one re-encrypted; null when nothing changed. */
function reencrypted(value: unknown, cipher: PiiCipher): unknown {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const kid = PiiCipher.keyIdOf(v);
      // A key not in PII_KEY cannot be read: the value stays and is reported as remaining under it.
      if (kid === null || kid === cipher.activeKeyId || !cipher.hasKey(kid)) return v;
      changed = true;
      return cipher.encrypt(cipher.decrypt(v));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return changed ? out : null;
}

async function rotateColumn(pool: pg.Pool, c: EncryptableColumn, cipher: PiiCipher): Promise<number> {
  const column = quote(c.column);
  const type = SQL_TYPE[c.kind];
  const encode = (v: unknown) => (c.kind === 'json' ? JSON.stringify(v) : v);
  let rotated = 0;
  let lastCtid = '(0,0)';
  for (;;) {
    // Walk the table once in ctid order; a rewritten row moves to a new ctid and holds the active key.
    const { rows } = await pool.query<{ ctid: string; value: unknown }>(
      `SELECT ctid::text AS ctid, ${column} AS value FROM ${quote(c.table)}
        WHERE ctid > $2::tid AND EXISTS (SELECT 1 FROM ${keyIdsIn(c)} AS m WHERE m[1] <> $1::text)
        ORDER BY ctid LIMIT ${BATCH}`,
      [cipher.activeKeyId, lastCtid],
    );
    if (rows.length === 0) return rotated;
    lastCtid = rows[rows.length - 1].ctid;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const row of rows) {
        const next = reencrypted(row.value, cipher);
        if (next === null) continue;
        // Only if the value is still what was read: a concurrent write keeps its own (newer) value.
        const { rowCount } = await client.query(
          `UPDATE ${quote(c.table)} SET ${column} = $1::${type} WHERE ctid = $2::tid AND ${column}::${type} = $3::${type}`,
          [encode(next), row.ctid, encode(row.value)],
        );
        rotated += rowCount ?? 0;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** Counts of ciphertexts by key id over every encryptable column (the report of `npm run pii -- status`). */
export async function ciphertextsByKey(pool: pg.Pool, columns?: EncryptableColumn[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of columns ?? (await encryptableColumns(pool))) {
    const { rows } = await pool.query<{ kid: string; n: string }>(
      `SELECT m[1] AS kid, count(*) AS n FROM ${quote(c.table)}, ${keyIdsIn(c)} AS m GROUP BY 1`,
    );
    for (const r of rows) counts[r.kid] = (counts[r.kid] ?? 0) + Number(r.n);
  }
  return counts;
}

/** Re-encrypts every value under an older key with the active one (`npm run pii -- rotate`). */
export async function rotatePersonalData(databaseUrl: string, cipher: PiiCipher): Promise<RotationReport> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const columns = await encryptableColumns(pool);
    const rotated: Record<string, number> = {};
    for (const c of columns) {
      const n = await rotateColumn(pool, c, cipher);
      if (n > 0) rotated[`${c.table}.${c.column}`] = n;
    }
    const remainingByKey = await ciphertextsByKey(pool, columns);
    delete remainingByKey[cipher.activeKeyId];
    return { rotated, remainingByKey };
  } finally {
    await pool.end();
  }
}
