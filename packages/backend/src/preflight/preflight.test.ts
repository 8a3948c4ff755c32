import { ConfigReader } from '@backstage/config';
import { checkConfig } from './preflight';

const sqlite = {
  backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
};

describe('checkConfig', () => {
  it('accepts the embedded defaults outside production', async () => {
    const config = new ConfigReader({
      ...sqlite,
      auth: { providers: { guest: {} } },
    });
    expect(await checkConfig(config, { NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuses SQLite and the development sign-in in production, naming both settings', async () => {
    const config = new ConfigReader({
      ...sqlite,
      auth: { providers: { guest: {} } },
    });
    const problems = await checkConfig(config, { NODE_ENV: 'production' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^backend\.database\.client is 'better-sqlite3'/,
    );
    expect(problems[1]).toMatch(/^auth\.providers\.guest is set/);
  });

  it('refuses a static API token that is too short or has white space, without repeating it', async () => {
    const entry = (token: string, subject: string) => ({
      type: 'static',
      options: { token, subject },
      accessRestrictions: [{ plugin: 'catalog' }],
    });
    const config = new ConfigReader({
      ...sqlite,
      backend: {
        ...sqlite.backend,
        auth: {
          externalAccess: [
            entry('catalog-reader-token-0123456789', 'ci-reader'),
            entry('sh0rt7!', 'dashboard'),
            entry('two words-secret-value', 'exporter'),
          ],
        },
      },
    });
    const problems = await checkConfig(config, { NODE_ENV: 'development' });
    expect(problems).toEqual([
      expect.stringMatching(
        /^backend\.auth\.externalAccess\[1\]\.options\.token \(subject 'dashboard'\) is 7 characters long/,
      ),
      expect.stringMatching(
        /^backend\.auth\.externalAccess\[2\]\.options\.token \(subject 'exporter'\) contains white space/,
      ),
    ]);
    for (const secret of ['sh0rt7!', 'two words-secret-value']) {
      expect(problems.join('\n')).not.toContain(secret);
    }
  });

  it('never repeats the database password in its message', async () => {
    const config = new ConfigReader({
      backend: {
        database: {
          client: 'pg',
          connection: {
            host: '127.0.0.1',
            port: 1,
            user: 'portal',
            password: 's3cret-db-password',
          },
        },
      },
    });
    const [problem] = await checkConfig(config, { NODE_ENV: 'production' });
    expect(problem).toContain(
      'Cannot reach the PostgreSQL database at 127.0.0.1:1',
    );
    expect(problem).not.toContain('s3cret-db-password');
  });
});
