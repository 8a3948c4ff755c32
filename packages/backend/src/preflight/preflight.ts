import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { Client } from 'pg';

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Problems with the configuration that would otherwise surface as a wall of stack traces from every
 * plugin at once. Each problem is one sentence that names the setting to fix.
 */
export async function checkConfig(
  config: Config,
  env: { NODE_ENV?: string } = process.env,
): Promise<string[]> {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const client = config.getString('backend.database.client');

  if (production && client !== 'pg') {
    problems.push(
      `backend.database.client is '${client}', but production needs 'pg' (PostgreSQL): ` +
        'an embedded SQLite database loses data with the container and cannot be shared by replicas.',
    );
  }
  if (production && config.has('auth.providers.guest')) {
    problems.push(
      'auth.providers.guest is set, but the development sign-in must never be enabled in production: ' +
        'remove it from the production configuration.',
    );
  }
  problems.push(...checkStaticTokens(config));
  if (client === 'pg') {
    const problem = await checkPostgres(config);
    if (problem) problems.push(problem);
  }
  return problems;
}

const MIN_STATIC_TOKEN_LENGTH = 8;
const HOW_TO_MAKE_A_TOKEN = 'for example the output of `openssl rand -hex 24`';

/**
 * The static tokens other systems call the portal's API with (`backend.auth.externalAccess`, type
 * `static`): Backstage refuses to start on one shorter than 8 characters or with white space, with a
 * stack trace; here it is one sentence naming the entry, and never the token itself.
 */
function checkStaticTokens(config: Config): string[] {
  const entries = config.getOptionalConfigArray('backend.auth.externalAccess');
  return (entries ?? []).flatMap((entry, index) => {
    if (entry.getOptionalString('type') !== 'static') return [];
    const token = entry.getOptionalString('options.token') ?? '';
    const subject = entry.getOptionalString('options.subject');
    const where = `backend.auth.externalAccess[${index}].options.token${
      subject ? ` (subject '${subject}')` : ''
    }`;
    if (/\s/.test(token)) {
      return [
        `${where} contains white space: a static token must be one word, ${HOW_TO_MAKE_A_TOKEN}.`,
      ];
    }
    if (token.length < MIN_STATIC_TOKEN_LENGTH) {
      return [
        `${where} is ${token.length} characters long, too short to be secret: use at least ` +
          `${MIN_STATIC_TOKEN_LENGTH}, ${HOW_TO_MAKE_A_TOKEN}.`,
      ];
    }
    return [];
  });
}

/**
 * Connects to the configured PostgreSQL server once; undefined when it answers, else one sentence that
 * says where it was looked for, why it failed and which setting to check. The readiness check asks the
 * same question while the portal runs (`src/health`).
 */
export async function checkPostgres(
  config: Config,
  options: { timeoutMs?: number } = {},
): Promise<string | undefined> {
  const raw = config.get('backend.database.connection');
  const connection =
    typeof raw === 'string'
      ? { connectionString: raw }
      : (raw as Record<string, unknown>);
  const where =
    typeof raw === 'string'
      ? 'the connection string in backend.database.connection'
      : `${connection.host ?? 'localhost'}:${connection.port ?? 5432}`;
  const pg = new Client({
    ...connection,
    // Only the server is being probed: the database the plugins use may not exist yet.
    database: 'postgres',
    connectionTimeoutMillis: options.timeoutMs ?? CONNECT_TIMEOUT_MS,
  });
  // a server that goes away mid-probe must not crash the process
  pg.on('error', () => {});
  try {
    await pg.connect();
    return undefined;
  } catch (error) {
    const reason = (error as Error).message || String(error);
    const setting = /password|authentication|role/i.test(reason)
      ? 'backend.database.connection.user and .password (POSTGRES_USER, POSTGRES_PASSWORD)'
      : 'backend.database.connection.host and .port (POSTGRES_HOST, POSTGRES_PORT)';
    return (
      `Cannot reach the PostgreSQL database at ${where}: ${reason}. ` +
      `Check that PostgreSQL is running and that ${setting} point at it.`
    );
  } finally {
    await pg.end().catch(() => {});
  }
}

/** Reads the same configuration the backend will read and exits with a clear message on a problem. */
export async function preflight(): Promise<void> {
  const config = await ConfigSources.toConfig(ConfigSources.default({}));
  let problems: string[];
  try {
    problems = await checkConfig(config);
  } catch (error) {
    problems = [(error as Error).message];
  } finally {
    config.close();
  }
  if (problems.length > 0) {
    process.stderr.write(
      `\nThe portal cannot start:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}\n\n`,
    );
    process.exit(1);
  }
}
