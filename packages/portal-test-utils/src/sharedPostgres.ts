import { Client } from 'pg';

/** How to reach the PostgreSQL that `scripts/postgres.sh` starts for tests and benchmarks. */
export interface SharedPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The shared test PostgreSQL, from the variables `eval "$(scripts/postgres.sh)"` exports
 * (`scripts/test.sh` does it for the tests). Throws, saying how to start it, when they are not set.
 */
export function sharedPostgres(): SharedPostgres {
  const { PORTAL_TEST_PG_HOST: host, PORTAL_TEST_PG_PORT: port } = process.env;
  if (!host || !port) {
    throw new Error(
      'PORTAL_TEST_PG_HOST and PORTAL_TEST_PG_PORT are not set: run the tests with scripts/test.sh, or eval "$(scripts/postgres.sh)" first',
    );
  }
  return {
    host,
    port: Number(port),
    user: process.env.PORTAL_TEST_PG_USER ?? 'postgres',
    password: process.env.PORTAL_TEST_PG_PASSWORD ?? '',
  };
}

/**
 * Drops every database whose name starts with `prefix` (a run's own, since the shared server outlives
 * every run), disconnecting whoever still uses them. Returns the names it dropped.
 */
export async function dropDatabases(
  postgres: SharedPostgres,
  prefix: string,
): Promise<string[]> {
  const client = new Client({ ...postgres, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    return rows.map(row => row.datname);
  } finally {
    await client.end();
  }
}
