/*
 * The reference for the benchmarks that compare the portal with Backstage itself: a vanilla create-app of
 * the same Backstage release, generated, installed and built into .cache/vanilla-backstage/ (git-ignored,
 * about 2 GB) the first time and reused afterwards (delete the folder to rebuild it), and started the way
 * the portal is started (startPortal of @mlops-portal/portal-test-utils: from its sources, on a free port).
 * Used by bench/portal.js (pages, readiness, memory) and bench/atomic-catalog.js (catalog ingest).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
// @mlops-portal/portal-test-utils is TypeScript: loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startPortal, root } = require('@mlops-portal/portal-test-utils');

const CREATE_APP = '@backstage/create-app@0.9.2'; // the create-app of Backstage 1.55 (backstage.json)
const VANILLA_DIR = path.join(root, '.cache/vanilla-backstage');

function run(command, args, cwd) {
  console.log(`[vanilla] ${path.basename(command)} ${args.join(' ')}`);
  execFileSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, YARN_ENABLE_TELEMETRY: '0' },
  });
}

/**
 * Generates and installs the vanilla app once (and builds its frontend when `frontend` is set, which
 * only the page benchmarks need); later runs reuse it.
 */
function ensureVanilla({ frontend = true } = {}) {
  const node = process.execPath;
  const yarn = () => {
    const releases = path.join(VANILLA_DIR, '.yarn/releases');
    return path.join(releases, fs.readdirSync(releases)[0]);
  };
  if (!fs.existsSync(path.join(VANILLA_DIR, 'backstage.json'))) {
    fs.mkdirSync(path.dirname(VANILLA_DIR), { recursive: true });
    // The project's own Node (scripts/env.sh) comes without npm: then the machine's npx runs it.
    const npx = path.join(path.dirname(node), 'npx');
    execFileSync(
      fs.existsSync(npx) ? npx : 'npx',
      ['-y', CREATE_APP, '--skip-install', '--path', VANILLA_DIR],
      { input: 'vanilla-backstage\n', stdio: ['pipe', 'inherit', 'inherit'] },
    );
  }
  if (!fs.existsSync(path.join(VANILLA_DIR, 'node_modules/.yarn-state.yml'))) {
    // create-app cannot fetch its lockfile seed here: every @backstage package is moved to the current
    // release, as the portal's are (TOOLCHAIN.md, "Backstage versions").
    run(node, [yarn(), 'up', '@backstage/*'], VANILLA_DIR);
  }
  if (
    frontend &&
    !fs.existsSync(path.join(VANILLA_DIR, 'packages/app/dist/index.html'))
  ) {
    run(node, [yarn(), 'workspace', 'app', 'build'], VANILLA_DIR);
  }
}

/**
 * Starts vanilla's backend as the portal's is started: from its sources, on a free port, on its own
 * app-config.yaml with `config` merged on top.
 */
function startVanilla(config) {
  return startPortal({
    backendDir: path.join(VANILLA_DIR, 'packages/backend'),
    configs: [path.join(VANILLA_DIR, 'app-config.yaml')],
    config,
  });
}

module.exports = { CREATE_APP, VANILLA_DIR, ensureVanilla, startVanilla };
