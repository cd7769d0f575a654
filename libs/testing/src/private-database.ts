import { Client } from 'pg';
import { testEnvironment } from './test-environment';

/**
 * A database of its own for one test file (or one running system), inside the run: `duban_<run>_<label>`.
 * Needed where a test counts rows a whole service writes (two files sharing a schema would see each
 * other's). The run's global teardown drops it with the run's own database.
 */
export async function privateDatabase(label: string): Promise<string> {
  if (!/^[a-z0-9_]{1,20}$/.test(label)) throw new Error(`Database label must be short lowercase: ${label}`);
  const url = new URL(testEnvironment().DUBAN_DATABASE_URL as string);
  const name = `${url.pathname.slice(1)}_${label}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}
