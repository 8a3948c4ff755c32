import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { ConfigReader } from '@backstage/config';
import { tuneEmbeddedSqlite } from './module';

describe('tuneEmbeddedSqlite', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-db-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function catalogKnex(connection: object | string) {
    const manager = DatabaseManager.fromConfig(
      new ConfigReader({
        backend: { database: { client: 'better-sqlite3', connection } },
      }),
    );
    return manager
      .forPlugin('catalog', {
        logger: mockServices.logger.mock(),
        lifecycle: mockServices.lifecycle.mock(),
      })
      .getClient();
  }

  it('puts the catalog’s SQLite file in WAL mode, commits without waiting for the disk', async () => {
    const knex = await catalogKnex({ directory: dir });
    const logger = mockServices.logger.mock();
    expect(await tuneEmbeddedSqlite(knex, logger)).toBe(true);
    const [{ synchronous }] = await knex.raw('PRAGMA synchronous');
    expect(synchronous).toBe(1); // NORMAL
    // The disk is waited for at checkpoints only: one every 10,000 pages of log, not SQLite's 1,000.
    const [{ wal_autocheckpoint }] = await knex.raw(
      'PRAGMA wal_autocheckpoint',
    );
    expect(wal_autocheckpoint).toBe(10000);
    await knex.schema.createTable('t', t => t.string('x'));
    await knex('t').insert({ x: 'kept' });
    await knex.destroy();

    // The mode is stored in the file, and what was committed is there.
    const reopened = await catalogKnex({ directory: dir });
    const [{ journal_mode }] = await reopened.raw('PRAGMA journal_mode');
    expect(journal_mode).toBe('wal');
    expect(await reopened('t').select('x')).toEqual([{ x: 'kept' }]);
    await reopened.destroy();
    expect(logger.info).toHaveBeenCalledWith(
      'Embedded SQLite in WAL mode with synchronous = NORMAL, a checkpoint every 10,000 pages',
      expect.anything(),
    );
  });

  it('leaves an in-memory SQLite and other databases alone', async () => {
    const memory = await catalogKnex(':memory:');
    expect(await tuneEmbeddedSqlite(memory, mockServices.logger.mock())).toBe(
      false,
    );
    await memory.destroy();

    const raw = jest.fn();
    const postgres = { client: { config: { client: 'pg' } }, raw };
    expect(
      await tuneEmbeddedSqlite(
        postgres as unknown as Parameters<typeof tuneEmbeddedSqlite>[0],
        mockServices.logger.mock(),
      ),
    ).toBe(false);
    expect(raw).not.toHaveBeenCalled();
  });
});
