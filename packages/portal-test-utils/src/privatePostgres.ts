import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './portalProcess';

const BIN = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server of one test's own, which the test may stop and start under a running portal. */
export interface PrivatePostgres {
  host: string;
  port: string;
  /** Stops the server the way `docker stop` does (fast shutdown: clients are disconnected). */
  stop(): void;
  /** Starts it again on the same port, with the same data. */
  start(): void;
  /** Stops it and deletes its data. */
  close(): void;
}

/**
 * Debian's PostgreSQL 15 in a folder of its own on a free loopback port (user `postgres`, no password),
 * apart from the shared one the other tests use, so that stopping it disturbs nobody else. As root the
 * server runs as the `postgres` user, which PostgreSQL requires.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = String(await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], {
          stdio: 'pipe',
        })
      : execFileSync(command, args, { stdio: 'pipe' });
  run(path.join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    run(path.join(BIN, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      options,
      '-l',
      path.join(dir, 'log'),
      '-w',
      'start',
    ]);
  const stop = () =>
    run(path.join(BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    host: '127.0.0.1',
    port,
    start,
    stop,
    close() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
