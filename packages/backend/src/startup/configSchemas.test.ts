/*
 * The backend run from this checkout reads each workspace package's config schema as JSON, as it reads
 * published packages'; compiling the config.d.ts files instead would load TypeScript into every start
 * (about 160 MB of memory, bench/README.md). The JSON is generated from the config.d.ts: this checks
 * that no package points at its .d.ts and that no generated file is older than its source.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { root } from '@mlops-portal/portal-test-utils';

jest.setTimeout(180_000);

it('every package’s config.schema.json is up to date with its config.d.ts (node scripts/config-schemas.js)', async () => {
  const result = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'scripts/config-schemas.js'), '--check'],
    { cwd: root },
  ).then(
    () => '',
    (error: { stderr?: string; message: string }) =>
      error.stderr || error.message,
  );
  expect(result).toBe('');
});
