import { Client } from 'pg';
import { dropDatabases, sharedPostgres } from './sharedPostgres';

describe('sharedPostgres', () => {
  it('says how to start PostgreSQL when its variables are not set', () => {
    const saved = process.env.PORTAL_TEST_PG_HOST;
    delete process.env.PORTAL_TEST_PG_HOST;
    try {
      expect(() => sharedPostgres()).toThrow(/scripts\/postgres\.sh/);
    } finally {
      // Assigning undefined would leave the text "undefined" in the environment.
      if (saved !== undefined) process.env.PORTAL_TEST_PG_HOST = saved;
    }
  });
});

describe('dropDatabases', () => {
  const prefix = `shared_pg_test_${process.pid}_`;
  // "_" is a wildcard to LIKE: a name that only matches the prefix as a pattern must survive.
  const lookalike = `shared_pg_test_${process.pid}x`;

  async function withClient<T>(use: (client: Client) => Promise<T>) {
    const client = new Client({ ...sharedPostgres(), database: 'postgres' });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }
  const existing = () =>
    withClient(async client => {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
        [`shared_pg_test_${process.pid}`],
      );
      return rows.map(row => row.datname);
    });

  afterAll(() =>
    withClient(client =>
      client.query(`DROP DATABASE IF EXISTS "${lookalike}" WITH (FORCE)`),
    ),
  );

  it("drops a run's databases, even while a client is connected, and only those", async () => {
    await withClient(async client => {
      for (const name of [`${prefix}catalog`, `${prefix}search`, lookalike]) {
        await client.query(`CREATE DATABASE "${name}"`);
      }
    });
    const stillConnected = new Client({
      ...sharedPostgres(),
      database: `${prefix}catalog`,
    });
    stillConnected.on('error', () => {});
    await stillConnected.connect();

    const dropped = await dropDatabases(sharedPostgres(), prefix);

    expect(dropped.sort()).toEqual([`${prefix}catalog`, `${prefix}search`]);
    expect(await existing()).toEqual([lookalike]);
    await stillConnected.end().catch(() => {});
  });
});
