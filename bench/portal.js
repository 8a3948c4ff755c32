#!/usr/bin/env node
/*
 * Measures the built portal beside a vanilla create-app of the same Backstage release, in one run with
 * alternating starts (vanilla first on even runs, the portal first on odd ones), and prints ratios:
 * backend readiness, backend memory (RSS) after the first page, and the JavaScript (gzip) that the
 * catalog page and the home page load, against the JavaScript of vanilla's catalog page (vanilla serves
 * its catalog at `/`). The load average is printed beside the figures: on a shared machine only the
 * ratios mean something.
 *
 * The vanilla app is generated, installed and built into .cache/vanilla-backstage/ (git-ignored) the
 * first time, and reused afterwards (about 2 GB; delete the folder to rebuild it): bench/vanilla.js.
 *
 *   scripts/build-app.sh && node bench/portal.js [runs] [--settle seconds]
 *   scripts/build-app.sh && node bench/portal.js --js-only   # one start of each: page JavaScript only
 *
 * `--settle 30`: each side waits 30 s after it is ready before its pages are opened, so the first table
 * row is measured once the start-up work is done (the portal builds its docs sites and both index search
 * in the first seconds); without it the pages open as soon as the backend is ready.
 */
const fs = require('node:fs');
const os = require('node:os');
const zlib = require('node:zlib');
const { chromium } = require('@playwright/test');
const { CREATE_APP, ensureVanilla, startVanilla } = require('./vanilla');
const {
  chromiumLaunchOptions,
  startPortal,
} = require('@mlops-portal/portal-test-utils');

const GOAL = { readyMs: 1.1, rssMb: 1.1, catalogJsKb: 0.9, homeJsKb: 0.9 };

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const settleAt = process.argv.indexOf('--settle');
const SETTLE_MS = settleAt > 0 ? Number(process.argv[settleAt + 1]) * 1000 : 0;
if (Number.isNaN(SETTLE_MS) || SETTLE_MS < 0) {
  throw new Error(
    '--settle takes a number of seconds, for example --settle 30',
  );
}
const settle = () => new Promise(resolve => setTimeout(resolve, SETTLE_MS));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Opens a page as a researcher does (the guest sign-in when asked), waits for `ready` and for the network
 * to settle, and sums the gzip size of every script the page loaded.
 */
async function openPage(url, ready) {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    const scripts = [];
    page.on('response', res => {
      if (res.request().resourceType() === 'script')
        scripts.push(res.body().catch(() => Buffer.alloc(0)));
    });
    const started = Date.now();
    await page.goto(url);
    const enter = page.getByRole('button', { name: 'Enter' });
    const target = ready(page);
    await Promise.race([enter.waitFor(), target.waitFor()]);
    if (await enter.isVisible()) await enter.click();
    await target.waitFor();
    const readyMs = Date.now() - started;
    await page.waitForLoadState('networkidle');
    const bodies = await Promise.all(scripts);
    const gzipBytes = bodies.reduce(
      (sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length,
      0,
    );
    return { jsKb: gzipBytes / 1024, files: bodies.length, readyMs };
  } finally {
    await browser.close();
  }
}

// The first entity row of the catalog table (the header row has no cell).
const firstRow = page =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('cell') })
    .first();

/**
 * One start of an app: its readiness, its memory once its catalog page has been served, and that page's
 * JavaScript and first row; with `homeReady`, its home page's JavaScript too.
 */
async function measure(start, catalogPath, homeReady) {
  const app = await start();
  try {
    await settle();
    const catalog = await openPage(`${app.url}${catalogPath}`, firstRow);
    const figures = {
      readyMs: app.readyMs,
      rssMb: rssMb(app.pid),
      catalogJsKb: catalog.jsKb,
      catalogFiles: catalog.files,
      rowMs: catalog.readyMs,
    };
    if (!homeReady) return figures;
    const home = await openPage(app.url, homeReady);
    return { ...figures, homeJsKb: home.jsKb, homeFiles: home.files };
  } finally {
    await app.stop();
  }
}

const measureVanilla = () => measure(startVanilla, '/');
const measurePortal = () =>
  measure(startPortal, '/catalog', page =>
    page.getByText('What you can do here'),
  );

/**
 * `--js-only`: one start of each app and only the JavaScript of the pages, which does not depend on the
 * machine's load (a quick check after a change to the frontend).
 */
async function jsOnly() {
  const vanilla = await measureVanilla();
  const portal = await measurePortal();
  const ratio = (p, goal) => {
    const r = p / vanilla.catalogJsKb;
    return `${r.toFixed(2)} (goal <= ${goal}: ${
      r <= goal ? 'meets' : 'MISSES'
    })`;
  };
  console.log(
    `page JavaScript (gzip) against vanilla's catalog page, ${vanilla.catalogJsKb.toFixed(
      0,
    )} KB in ${vanilla.catalogFiles} scripts`,
  );
  console.log(
    `catalog page: portal ${portal.catalogJsKb.toFixed(0)} KB in ${
      portal.catalogFiles
    } scripts, ratio ${ratio(portal.catalogJsKb, GOAL.catalogJsKb)}`,
  );
  console.log(
    `home page:    portal ${portal.homeJsKb.toFixed(0)} KB in ${
      portal.homeFiles
    } scripts, ratio ${ratio(portal.homeJsKb, GOAL.homeJsKb)}`,
  );
}

async function main() {
  if (process.argv.includes('--js-only')) {
    ensureVanilla();
    await jsOnly();
    return;
  }
  const runs = /^\d+$/.test(process.argv[2] ?? '')
    ? Number(process.argv[2])
    : 3;
  ensureVanilla();
  const portal = [];
  const vanilla = [];
  const loads = [];
  for (let i = 0; i < runs; i++) {
    loads.push(os.loadavg()[0]);
    if (i % 2 === 0) {
      vanilla.push(await measureVanilla());
      portal.push(await measurePortal());
    } else {
      portal.push(await measurePortal());
      vanilla.push(await measureVanilla());
    }
    const fmt = r =>
      Object.entries(r)
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(', ');
    console.log(`run ${i + 1}, load ${loads[i].toFixed(1)}`);
    console.log(`  portal:  ${fmt(portal[i])}`);
    console.log(`  vanilla: ${fmt(vanilla[i])}`);
  }
  const med = (list, key) => median(list.map(r => r[key]));
  console.log(
    `portal vs vanilla create-app (${CREATE_APP}), median of ${runs} alternating runs, ` +
      (SETTLE_MS
        ? `pages opened ${SETTLE_MS / 1000} s after readiness, `
        : '') +
      `load average ${loads
        .map(l => l.toFixed(1))
        .join(', ')} (1 min, at each run's start)`,
  );
  const line = (label, p, v, unit, goal) => {
    const ratio = p / v;
    const verdict =
      goal === undefined
        ? ''
        : ` (goal <= ${goal}: ${ratio <= goal ? 'meets' : 'MISSES'})`;
    console.log(
      `${label.padEnd(22)} portal ${p.toFixed(0).padStart(6)} ${unit.padEnd(
        2,
      )}` +
        ` vanilla ${v.toFixed(0).padStart(6)} ${unit.padEnd(
          2,
        )} ratio ${ratio.toFixed(2)}${verdict}`,
    );
  };
  const vCatalogJs = med(vanilla, 'catalogJsKb');
  line(
    'backend readiness',
    med(portal, 'readyMs'),
    med(vanilla, 'readyMs'),
    'ms',
    GOAL.readyMs,
  );
  line(
    'RSS after first page',
    med(portal, 'rssMb'),
    med(vanilla, 'rssMb'),
    'MB',
    GOAL.rssMb,
  );
  line(
    'catalog page JS gzip',
    med(portal, 'catalogJsKb'),
    vCatalogJs,
    'KB',
    GOAL.catalogJsKb,
  );
  line(
    'home page JS gzip',
    med(portal, 'homeJsKb'),
    vCatalogJs,
    'KB',
    GOAL.homeJsKb,
  );
  line('first table row', med(portal, 'rowMs'), med(vanilla, 'rowMs'), 'ms', 1);
  console.log(
    `scripts: portal catalog ${portal[0].catalogFiles}, portal home ${portal[0].homeFiles}, ` +
      `vanilla catalog ${vanilla[0].catalogFiles}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
