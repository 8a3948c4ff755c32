/**
 * How the end-to-end tests and the benchmarks start Chromium: Debian's build (no browser download),
 * without the sandbox a container lacks, and without the background traffic (updates, sync, QUIC) that
 * would make a run touch the internet or vary from one run to the next.
 */
export const chromiumLaunchOptions = {
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
};
