import {
  DatabaseService,
  LoggerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** The settings that belong to a connection (the journal mode is stored in the file). */
const CONNECTION_PRAGMAS = [
  'synchronous = NORMAL',
  'wal_autocheckpoint = 10000',
];

/**
 * On the embedded defaults the catalog lives in a SQLite file, and SQLite's default journal makes
 * every commit wait for the disk (an fsync): the catalog commits several times per entity, so its
 * ingest spent most of its time there (plugins/atomic-catalog/catalog-backend-module-atomic-components/README.md).
 * In WAL mode with `synchronous = NORMAL` a commit no longer waits for the disk; the database stays
 * consistent, and only a power cut (not a crash of the portal) can undo the last commits. In that mode
 * the disk is waited for only when SQLite copies the log back into the database file (a checkpoint),
 * by default every 1,000 pages (4 MB) of log: during an ingest that was every few dozen entities, on
 * the backend's only thread. A checkpoint every 10,000 pages (40 MB of log) halved the time the
 * catalog spent in SQL (bench/README.md, catalog ingest). Nothing is changed for any other database
 * (PostgreSQL in production) or for an in-memory SQLite.
 */
export async function tuneEmbeddedSqlite(
  knex: Knex,
  logger: LoggerService,
): Promise<boolean> {
  const client = String(knex.client.config.client ?? '');
  if (!['better-sqlite3', 'sqlite3'].includes(client)) {
    return false;
  }
  const connection = knex.client.config.connection as
    | { filename?: string }
    | undefined;
  const filename = connection?.filename ?? ':memory:';
  if (filename === ':memory:') {
    return false;
  }
  try {
    // The journal mode is stored in the file; the other settings belong to the connection, which
    // the SQLite pool keeps open (one connection), and are set again on any new one.
    await knex.raw('PRAGMA journal_mode = WAL');
    for (const pragma of CONNECTION_PRAGMAS) {
      await knex.raw(`PRAGMA ${pragma}`);
    }
    knex.client.pool?.on?.(
      'createSuccess',
      (_id: unknown, db: { pragma?: (source: string) => unknown }) => {
        for (const pragma of CONNECTION_PRAGMAS) db.pragma?.(pragma);
      },
    );
    logger.info(
      'Embedded SQLite in WAL mode with synchronous = NORMAL, a checkpoint every 10,000 pages',
      { filename },
    );
    return true;
  } catch (error) {
    // Only slower without it: say why and carry on.
    logger.warn('Could not switch the embedded SQLite to WAL mode', {
      filename,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/** Faster commits for the catalog's embedded SQLite file (see `tuneEmbeddedSqlite`). */
export const catalogModuleEmbeddedDatabase = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'embedded-database',
  register({ registerInit }) {
    registerInit({
      deps: {
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ database, logger }) {
        await tuneEmbeddedSqlite(await database.getClient(), logger);
      },
    });
  },
});
