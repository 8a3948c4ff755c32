import {
  DatabaseService,
  LoggerService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * On the embedded defaults the catalog lives in a SQLite file, and SQLite's default journal makes
 * every commit wait for the disk (an fsync): the catalog commits several times per entity, so its
 * ingest spent most of its time there (plugins/atomic-catalog/catalog-backend-module-atomic-components/README.md).
 * In WAL mode with `synchronous = NORMAL` a commit no longer waits for the disk; the database stays
 * consistent, and only a power cut (not a crash of the portal) can undo the last commits. Nothing is
 * changed for any other database (PostgreSQL in production) or for an in-memory SQLite.
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
    // The journal mode is stored in the file; `synchronous` belongs to the connection, which the
    // SQLite pool keeps open (one connection), and is set again on any new one.
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw('PRAGMA synchronous = NORMAL');
    knex.client.pool?.on?.(
      'createSuccess',
      (_id: unknown, db: { pragma?: (source: string) => unknown }) => {
        db.pragma?.('synchronous = NORMAL');
      },
    );
    logger.info('Embedded SQLite in WAL mode with synchronous = NORMAL', {
      filename,
    });
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
