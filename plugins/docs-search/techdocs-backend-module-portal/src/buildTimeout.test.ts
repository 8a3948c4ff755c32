/*
 * THREATS 38, a TechDocs build that hangs: Debian's mkdocs, run through the portal's generator as
 * app-config.yaml sets it, on a site one of whose pages is a named pipe nobody writes to, blocks
 * forever reading it. The build is stopped after techdocs.portal.buildTimeout with a sentence, no
 * mkdocs is left running, nothing is published, and the next site builds.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { GeneratorRunOptions } from '@backstage/plugin-techdocs-node';
import { PolicyCheckingGenerator } from './PolicyCheckingGenerator';
import { readBuildTimeout } from './buildTimeout';

jest.setTimeout(60_000);

function config(buildTimeout?: unknown) {
  return new ConfigReader({
    techdocs: {
      generator: {
        runIn: 'local',
        mkdocs: { omitTechdocsCorePlugin: true, disableExternalFonts: true },
      },
      ...(buildTimeout === undefined ? {} : { portal: { buildTimeout } }),
    },
  });
}

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-build-timeout-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function site(name: string, stuck: boolean) {
  const dir = path.join(tmp, name);
  await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
  await fs.writeFile(path.join(dir, 'mkdocs.yml'), `site_name: ${name}\n`);
  await fs.writeFile(path.join(dir, 'docs/index.md'), `# ${name}\n`);
  if (stuck) execFileSync('mkfifo', [path.join(dir, 'docs/stuck.md')]);
  return dir;
}

/** The processes whose working directory is `dir` (mkdocs runs in the site's folder). */
async function processesIn(dir: string) {
  const found: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await fs.readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd === dir) found.push(Number(entry));
  }
  return found;
}

async function generate(
  generator: PolicyCheckingGenerator,
  inputDir: string,
  outputDir: string,
) {
  const logger = mockServices.logger.mock();
  await fs.mkdir(outputDir, { recursive: true });
  await generator.run({
    inputDir,
    outputDir,
    logger: logger as unknown as GeneratorRunOptions['logger'],
    logStream: new PassThrough(),
  });
}

describe('a docs build that hangs', () => {
  it('is stopped after the time limit with a sentence, and the next site still builds', async () => {
    const generator = PolicyCheckingGenerator.fromConfig(config('3s'), {
      logger: mockServices.logger.mock(),
    });
    const stuck = await site('stuck', true);
    const stuckOutput = path.join(tmp, 'out-stuck');
    // mkdocs really is blocked on the page: it runs in the site's folder until stopped.
    const build = generate(generator, stuck, stuckOutput);
    const result = build.then(
      () => 'built',
      (e: Error) => e.message,
    );
    await expect(result).resolves.toBe(
      'The docs build was stopped after 3 seconds: mkdocs did not finish. Check the site’s pages for a file that cannot be read, or raise techdocs.portal.buildTimeout.',
    );
    expect(await processesIn(stuck)).toEqual([]);
    expect(
      await fs.readFile(path.join(stuckOutput, 'index.html')).catch(() => null),
    ).toBeNull();

    const fine = await site('fine', false);
    const fineOutput = path.join(tmp, 'out-fine');
    await generate(generator, fine, fineOutput);
    expect(
      await fs.readFile(path.join(fineOutput, 'index.html'), 'utf8'),
    ).toContain('fine');
  });

  it.each([
    ['soon', /must be a duration such as "5m"/],
    ['0s', /must be between 1 second and 1 hour/],
    [{ hours: 3 }, /must be between 1 second and 1 hour/],
  ])(
    'refuses techdocs.portal.buildTimeout %j with a sentence',
    (value, message) => {
      expect(() => readBuildTimeout(config(value))).toThrow(message);
    },
  );

  it('gives a build five minutes unless told otherwise', () => {
    expect(readBuildTimeout(config())).toBe(300_000);
    expect(readBuildTimeout(config({ minutes: 2 }))).toBe(120_000);
  });
});
