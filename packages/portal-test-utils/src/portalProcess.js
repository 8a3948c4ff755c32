/*
 * Starts the real portal backend (serving the built frontend) as a child process on a free port, waits
 * until it is ready, and keeps its log. Used by the backend startup tests, the end-to-end tests and the
 * benchmarks, so that all three run the portal exactly the way `scripts/start.sh` does: start.sh runs
 * this file itself (`node packages/portal-test-utils/src/portalProcess.js <config files...>`), which is
 * why it is plain CommonJS (with portalProcess.d.ts for TypeScript) rather than TypeScript.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// This file always runs from the repository (start.sh, tests, benchmarks), never from a production build.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '../../..');
const backendDir = path.join(root, 'packages/backend');

/**
 * The command that runs the backend from its TypeScript sources, transpiled on load by Backstage's own
 * transform (as `backstage-cli package start` does, but without its file watcher, so that the process
 * is the backend itself and exits when the backend exits).
 */
function backendCommand(configFiles, dir = backendDir) {
  const args = [
    '--enable-source-maps',
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
      paths: [dir],
    }),
    'src/index.ts',
  ];
  for (const c of configFiles) args.push('--config', path.resolve(root, c));
  return { command: process.execPath, args, cwd: dir };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Log lines at level error, in the backend's development log format or its JSON format. */
function errorLines(lines) {
  return lines.filter(
    line =>
      /^\S+Z \S+ error /.test(line) ||
      /"level":"error"/.test(line) ||
      /^(Error|TypeError|ReferenceError)\b/.test(line),
  );
}

/**
 * The temporary data folders this process made: removed when it exits (not when a portal stops, so that
 * a test can start a second portal on the first one's data to check what survives a restart).
 */
const temporaryDataDirs = new Set();
process.on('exit', () => {
  for (const dir of temporaryDataDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
function temporaryDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-data-'));
  temporaryDataDirs.add(dir);
  return dir;
}

/**
 * The portal's own settings that keep a test portal's data in its data folder: the SQLite files (not in
 * production, which reads PostgreSQL) and the locally published TechDocs sites.
 */
function portalDataOverrides(address, configs, dataDir) {
  return deepMerge(address, {
    backend: configs.some(c => c.includes('production'))
      ? {}
      : {
          database: {
            connection: { directory: path.join(dataDir, 'sqlite') },
          },
        },
    techdocs: {
      publisher: {
        local: { publishDirectory: path.join(dataDir, 'techdocs') },
      },
    },
  });
}

/**
 * @param {object} options
 * @param {string[]} [options.configs] config files, relative to the repository root
 * @param {object} [options.config] extra configuration, merged on top
 * @param {string} [options.dataDir] folder for the SQLite files (a new temporary one by default, removed
 *   when this process exits)
 * @param {Record<string,string>} [options.env] extra environment variables
 * @param {number} [options.port] port to listen on (a free one by default)
 * @param {number} [options.timeoutMs] how long to wait for readiness
 * @param {string} [options.backendDir] another Backstage backend to start the same way (a benchmark's
 *   vanilla create-app): only its own config files (absolute paths) and the address overrides, none of
 *   the portal's data-folder settings
 */
async function startPortal(options = {}) {
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  const dataDir = options.dataDir ?? temporaryDataDir();
  const configs = options.configs ?? [
    'app-config.yaml',
    'app-config.development.yaml',
  ];
  const address = {
    app: { baseUrl: url },
    backend: { baseUrl: url, listen: { port }, cors: { origin: url } },
  };
  const overrides = options.backendDir
    ? address
    : portalDataOverrides(address, configs, dataDir);
  const merged = deepMerge(overrides, options.config ?? {});
  const overrideFile = path.join(dataDir, 'app-config.test.yaml');
  fs.mkdirSync(dataDir, { recursive: true });
  // JSON is YAML: the config loader reads it as is.
  fs.writeFileSync(overrideFile, JSON.stringify(merged, null, 2));

  const { command, args, cwd } = backendCommand(
    [...configs, overrideFile],
    options.backendDir,
  );
  const started = Date.now();
  const child = spawn(command, args, {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      ...options.env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const collect = chunk =>
    lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exitCode = null;
  const exited = new Promise(resolve =>
    child.on('exit', code => {
      exitCode = code;
      resolve(code);
    }),
  );

  const portal = {
    url,
    port,
    dataDir,
    pid: child.pid,
    lines,
    exited,
    get exitCode() {
      return exitCode;
    },
    readyMs: undefined,
    errors: () => errorLines(lines),
    async stop() {
      if (exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 10000);
      await exited;
      clearTimeout(timer);
    },
  };

  if (options.waitForReady === false) return portal;

  const deadline = started + (options.timeoutMs ?? 120000);
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      throw new Error(
        `the backend exited with code ${exitCode} before it was ready:\n${lines
          .slice(-30)
          .join('\n')}`,
      );
    }
    if (errorLines(lines).length > 0) {
      await portal.stop();
      throw new Error(
        `the backend logged errors while starting:\n${errorLines(lines).join(
          '\n',
        )}`,
      );
    }
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) {
        portal.readyMs = Date.now() - started;
        return portal;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise(r => setTimeout(r, 100));
  }
  await portal.stop();
  throw new Error(
    `the backend was not ready within ${
      options.timeoutMs ?? 120000
    } ms:\n${lines.slice(-30).join('\n')}`,
  );
}

function deepMerge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      a[k] &&
      typeof a[k] === 'object'
        ? deepMerge(a[k], v)
        : v;
  }
  return out;
}

/** A Backstage token for the development researcher, as the sign-in page would get it. */
async function guestToken(url) {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

module.exports = {
  startPortal,
  guestToken,
  freePort,
  errorLines,
  backendCommand,
  root,
};

// `node packages/portal-test-utils/src/portalProcess.js <config files...>` runs the backend in the
// foreground.
if (require.main === module) {
  const { command, args, cwd } = backendCommand(process.argv.slice(2));
  // As startPortal: a development backend unless told otherwise (the development sign-in, among
  // others, works only with NODE_ENV=development).
  const child = spawn(command, args, {
    cwd,
    stdio: 'inherit',
    env: { NODE_ENV: 'development', ...process.env },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', code => process.exit(code ?? 1));
}
