/*
 * THREATS 30, dangerous mkdocs.yml: through the portal's own build path (the CopyingDirectoryPreparer, then
 * the PolicyCheckingGenerator running Backstage's generator with Debian's mkdocs, as app-config.yaml sets
 * it), a site whose mkdocs.yml would run code, read files outside the site or fetch URLs fails to build
 * with a message naming the problem, runs nothing (a marker file its code would create never appears),
 * writes no output and fetches nothing (a loopback server counts requests).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { GeneratorRunOptions } from '@backstage/plugin-techdocs-node';
import { CopyingDirectoryPreparer } from './CopyingDirectoryPreparer';
import { PolicyCheckingGenerator } from './PolicyCheckingGenerator';
import { siteEntity } from './__testUtils__/siteEntity';

jest.setTimeout(60_000);

/** The generator settings of app-config.yaml. */
const config = new ConfigReader({
  techdocs: {
    generator: {
      runIn: 'local',
      mkdocs: { omitTechdocsCorePlugin: true, disableExternalFonts: true },
    },
  },
});
const SECRET = 'TOP-SECRET-not-for-the-docs-7f3a';

let tmp: string;
let site: string;
let work: string;
let output: string;
let marker: string;
let secretFile: string;
let server: http.Server;
let serverUrl: string;
let requests: string[];

beforeAll(async () => {
  requests = [];
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end(`fetched ${SECRET}\n`);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise(resolve => server.close(resolve));
});

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dangerous-mkdocs-'));
  site = path.join(tmp, 'repo/site');
  work = path.join(tmp, 'work');
  output = path.join(tmp, 'output');
  marker = path.join(tmp, 'code-ran');
  secretFile = path.join(tmp, 'secret.txt');
  await fs.mkdir(path.join(site, 'docs'), { recursive: true });
  await fs.mkdir(work);
  await fs.mkdir(output);
  await fs.writeFile(secretFile, `${SECRET}\n`);
  await fs.writeFile(
    path.join(site, 'catalog-info.yaml'),
    'apiVersion: backstage.io/v1alpha1\n',
  );
  requests.length = 0;
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Writes the site: its mkdocs.yml, a home page, and any other file of the docs folder. */
async function writeSite(mkdocsYml: string, docs: Record<string, string> = {}) {
  await fs.writeFile(path.join(site, 'mkdocs.yml'), mkdocsYml);
  const pages = { 'index.md': '# Home\n', ...docs };
  for (const [name, text] of Object.entries(pages)) {
    await fs.writeFile(path.join(site, 'docs', name), text);
  }
}

/** Runs the generator on a folder, as TechDocs does after preparing it; resolves to the build log. */
async function generate(inputDir: string) {
  const logger = mockServices.logger.mock();
  const logStream = new PassThrough();
  const log: string[] = [];
  logStream.on('data', chunk => log.push(String(chunk)));
  await PolicyCheckingGenerator.fromConfig(config, { logger }).run({
    inputDir,
    outputDir: output,
    logger: logger as unknown as GeneratorRunOptions['logger'],
    logStream,
  });
  return log.join('');
}

/** Prepares and builds the site exactly as the portal does for a `dir:` reference. */
async function build() {
  const preparer = CopyingDirectoryPreparer.fromConfig(config, {
    logger: mockServices.logger.mock(),
    reader: mockServices.urlReader.mock(),
    workingDirectory: work,
  });
  const { preparedDir } = await preparer.prepare(
    siteEntity(path.join(site, 'catalog-info.yaml')),
  );
  try {
    return await generate(preparedDir);
  } finally {
    await fs.rm(preparedDir, { recursive: true, force: true });
  }
}

/** Every file the build wrote, with its text. */
async function outputFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(output, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(output, file)] = await fs.readFile(file, 'utf8');
    }
  }
  return files;
}

async function exists(file: string) {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Nothing ran, nothing was fetched, nothing was written, nothing was left in the working folder. */
async function expectNothingHappened() {
  expect(await exists(marker)).toBe(false);
  expect(requests).toEqual([]);
  expect(await outputFiles()).toEqual({});
  expect(await fs.readdir(work)).toEqual([]);
}

const hook = () =>
  `import pathlib\npathlib.Path(${JSON.stringify(marker)}).write_text("ran")\n`;

describe('a docs site whose mkdocs.yml asks for more than Markdown', () => {
  it('builds when it only renders Markdown (the harness works)', async () => {
    await writeSite(
      'site_name: Safe\nplugins: [search]\nmarkdown_extensions: [admonition, pymdownx.superfences]\n',
    );
    await build();
    const files = await outputFiles();
    expect(files['index.html']).toContain('Home');
  });

  // What a plain mkdocs build of each site does: runs the code, which leaves the marker.
  it.each([
    {
      what: 'hooks',
      writeDangerousSite: () =>
        writeSite('site_name: Hooked\nhooks:\n  - docs/hook.py\n', {
          'hook.py': hook(),
        }),
      message:
        'mkdocs.yml uses what TechDocs does not build: the setting hooks (it runs Python files during the build)',
    },
    {
      what: '!!python/object/apply',
      writeDangerousSite: () =>
        writeSite(
          `site_name: Applied\nextra:\n  x: !!python/object/apply:os.system ["touch ${marker}"]\n`,
        ),
      message:
        'the YAML tag !!python/object/apply:os.system (tags run Python code or read the environment)',
    },
  ])(
    'fails on $what, and runs nothing',
    async ({ writeDangerousSite, message }) => {
      await writeDangerousSite();
      execFileSync('mkdocs', ['build', '-q', '-d', path.join(tmp, 'plain')], {
        cwd: site,
      });
      expect(await exists(marker)).toBe(true);
      await fs.rm(marker);

      await expect(build()).rejects.toThrow(message);
      await expectNothingHappened();
    },
  );

  it('fails on !!python/name:os.system', async () => {
    await writeSite(
      [
        'site_name: Named',
        'markdown_extensions:',
        '  - pymdownx.superfences:',
        '      custom_fences:',
        '        - name: run',
        '          class: run',
        '          format: !!python/name:os.system',
        '',
      ].join('\n'),
      { 'index.md': `# Home\n\n\`\`\`run\ntouch ${marker}\n\`\`\`\n` },
    );
    await expect(build()).rejects.toThrow(
      'the YAML tag !!python/name:os.system',
    );
    await expectNothingHappened();
  });

  it.each([
    [
      'mkdocs’ !ENV tag, which would print the portal’s environment into the page',
      'site_name: !ENV POSTGRES_PASSWORD\n',
      'the YAML tag !ENV',
    ],
    [
      'a docs_dir outside the site',
      'site_name: Escaping\ndocs_dir: ../../..\n',
      'docs_dir "../../.." (it must name a folder inside the site\'s folder)',
    ],
    [
      'a docs_dir outside the site written as a flow mapping',
      '{site_name: Escaping, docs_dir: /etc}\n',
      'docs_dir "/etc"',
    ],
    [
      'a plugin it does not know, naming it',
      'site_name: Plugged\nplugins:\n  - search\n  - macros\n',
      'the plugin macros',
    ],
  ])('fails on %s', async (_what, mkdocsYml, message) => {
    await writeSite(mkdocsYml);
    await expect(build()).rejects.toThrow(message);
    await expectNothingHappened();
  });

  it('fails on pymdownx.snippets reading / and downloading URLs', async () => {
    await writeSite(
      [
        'site_name: Snippets',
        'markdown_extensions:',
        '  - pymdownx.snippets:',
        "      base_path: ['/']",
        '      url_download: true',
        '',
      ].join('\n'),
      {
        'index.md': `# Home\n\n--8<-- "${secretFile}"\n\n--8<-- "${serverUrl}/page"\n`,
      },
    );
    await expect(build()).rejects.toThrow(
      'the markdown extension pymdownx.snippets (it copies files and URLs into pages)',
    );
    await expectNothingHappened();
  });

  it('fails on pymdownx.snippets without options, which Debian’s pymdownx lets read any absolute path', async () => {
    await writeSite(
      'site_name: Snippets\nmarkdown_extensions: [pymdownx.snippets]\n',
      {
        'index.md': `# Home\n\n--8<-- "${secretFile}"\n`,
      },
    );
    // What a plain mkdocs build does: copies the file from outside the site into the page.
    const plain = path.join(tmp, 'plain');
    execFileSync('mkdocs', ['build', '-q', '-d', plain], { cwd: site });
    expect(await fs.readFile(path.join(plain, 'index.html'), 'utf8')).toContain(
      SECRET,
    );

    await expect(build()).rejects.toThrow(
      'the markdown extension pymdownx.snippets',
    );
    await expectNothingHappened();
  });

  it('fails on INHERIT and a theme custom_dir, naming both', async () => {
    await writeSite(
      `site_name: Inheriting\nINHERIT: ${path.join(
        tmp,
        'base.yml',
      )}\ntheme:\n  name: material\n  custom_dir: ../../..\n`,
    );
    await expect(build()).rejects.toThrow(
      /the setting INHERIT \(it reads another configuration file\); the theme setting custom_dir/,
    );
    await expectNothingHappened();
  });

  it('fails on hooks pulled in through a YAML merge key', async () => {
    await writeSite(
      'base: &base\n  hooks: [docs/hook.py]\nsite_name: Merged\n<<: *base\n',
      { 'hook.py': hook() },
    );
    await expect(build()).rejects.toThrow('the setting hooks');
    await expectNothingHappened();
  });

  it('fails in the generator for a site it did not prepare (a url: site as Backstage downloads it)', async () => {
    // A downloaded repository: mkdocs.yml beside a hook, handed straight to the generator.
    await writeSite('site_name: Hooked\nhooks:\n  - hook.py\n');
    await fs.writeFile(path.join(site, 'hook.py'), hook());
    await expect(generate(site)).rejects.toThrow('the setting hooks');
    await expectNothingHappened();
  });
});
