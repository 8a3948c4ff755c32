#!/usr/bin/env node
/*
 * Measures the built portal as a researcher meets it: backend readiness time, backend memory after the
 * first page, and the JavaScript (gzip) that first page loads. Prints each figure beside the vanilla
 * create-app reference of the same Backstage release and the goal.
 *
 *   scripts/build-app.sh && node bench/portal.js [runs]
 */
const fs = require('node:fs');
const zlib = require('node:zlib');
const { chromium } = require('@playwright/test');
// @mlops-portal/portal-test-utils is TypeScript: loaded through Backstage's own transform.
require('@backstage/cli-node/config/nodeTransform.cjs');
const { startPortal } = require('@mlops-portal/portal-test-utils');

const VANILLA = { readyMs: 4600, rssMb: 450, jsKb: 1024 };
const GOAL = { readyMs: 1.1, rssMb: 1.1, jsKb: 0.9 };

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function firstPage(url) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    const scripts = [];
    page.on('response', res => {
      if (res.request().resourceType() === 'script')
        scripts.push(res.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('What you can do here').waitFor();
    await page.waitForLoadState('networkidle');
    const bodies = await Promise.all(scripts);
    const gzipBytes = bodies.reduce(
      (sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length,
      0,
    );
    return { jsKb: gzipBytes / 1024, files: bodies.length };
  } finally {
    await browser.close();
  }
}

async function main() {
  const runs = Number(process.argv[2] ?? 3);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const portal = await startPortal();
    try {
      const page = await firstPage(portal.url);
      results.push({
        readyMs: portal.readyMs,
        rssMb: rssMb(portal.pid),
        ...page,
      });
    } finally {
      await portal.stop();
    }
  }
  const figure = (key, unit, digits) => {
    const value = median(results.map(r => r[key]));
    const ratio = value / VANILLA[key];
    const ok = ratio <= GOAL[key] ? 'meets' : 'MISSES';
    console.log(
      `${key.padEnd(8)} ${value.toFixed(digits).padStart(8)} ${unit.padEnd(
        3,
      )} ` +
        `vanilla ${String(VANILLA[key]).padStart(5)} ${unit.padEnd(
          3,
        )} ratio ${ratio.toFixed(2)} ` +
        `(goal <= ${GOAL[key]}: ${ok})`,
    );
  };
  console.log(
    `portal benchmark, median of ${runs} runs (first page: ${results[0].files} scripts)`,
  );
  figure('readyMs', 'ms', 0);
  figure('rssMb', 'MB', 0);
  figure('jsKb', 'KB', 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
