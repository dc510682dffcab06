// Named prepared statements (runtime/database.ts): one name per statement text, and a bounded number of them.
import { statementNamer } from '../../runtime/database';

test('a statement text always gets the same name, and different texts different names', () => {
  const name = statementNamer();
  const a = name({ sql: 'SELECT 1' });
  expect(a).toMatch(/^pa_[0-9a-f]{24}$/);
  expect(name({ sql: 'SELECT 1' })).toBe(a);
  expect(name({ sql: 'SELECT 2' })).not.toBe(a);
  // Another process names the same text alike, so a name means one text on every connection.
  expect(statementNamer()({ sql: 'SELECT 1' })).toBe(a);
});

test('past the cap new texts run unnamed, and the texts named before keep their names', () => {
  const name = statementNamer(2);
  const first = name({ sql: 'SELECT 1' });
  name({ sql: 'SELECT 2' });
  expect(name({ sql: 'SELECT 3' })).toBe('');
  expect(name({ sql: 'SELECT 1' })).toBe(first);
});
