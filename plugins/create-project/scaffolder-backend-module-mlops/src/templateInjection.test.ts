/*
 * THREATS 22, template injection: what a researcher types into the wizard reaches the project's files
 * through Backstage's own fetch:template (its sandboxed Nunjucks), as our templates use it. Template
 * syntax in the values — Nunjucks, the scaffolder's `${{ }}`, `{% raw %}`, constructor chains that reach
 * for `process` — stays literal text, and neither the values nor a hostile skeleton's own expressions
 * can read the portal's environment (a marker variable set here never appears in any written file):
 * the sandbox refuses `constructor` outright.
 */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { mockServices } from '@backstage/backend-test-utils';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { promises as fs, mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import { mockActionContext } from './__testUtils__/mockActionContext';

const MARKER = 'portal-env-marker-3f9c1a';

const PAYLOADS = [
  '{{ 7*7 }}',
  '${{ 7*7 }}',
  "{{ ''.constructor.constructor('return process')().env.SSTI_MARKER }}",
  '${{ range.constructor("return process.env.SSTI_MARKER")() }}',
  '{% raw %}{{ cycler.constructor("return process")().env }}{% endraw %}',
  '{% set x = joiner.constructor("return process.env")() %}{{ x.SSTI_MARKER }}',
];

let templateDir: string;
beforeAll(() => {
  process.env.SSTI_MARKER = MARKER;
});
afterAll(() => {
  delete process.env.SSTI_MARKER;
});
beforeEach(async () => {
  templateDir = mkdtempSync(path.join(os.tmpdir(), 'ssti-template-'));
  await fs.mkdir(path.join(templateDir, 'skeleton'));
  await fs.writeFile(path.join(templateDir, 'template.yaml'), '');
});
afterEach(async () => {
  await fs.rm(templateDir, { recursive: true, force: true });
});

/** Runs Backstage's fetch:template over the skeleton with `values`; returns the written files. */
async function render(skeleton: Record<string, string>, values: object) {
  for (const [name, text] of Object.entries(skeleton)) {
    await fs.writeFile(path.join(templateDir, 'skeleton', name), text);
  }
  const action = createFetchTemplateAction({
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  const { ctx, workspacePath } = mockActionContext({
    url: './skeleton',
    values,
  } as never);
  Object.assign(ctx, {
    templateInfo: {
      baseUrl: `file://${path.join(templateDir, 'template.yaml')}`,
      entityRef: 'template:default/ssti',
    },
  });
  await (action.handler as (c: never) => Promise<void>)(ctx);
  const files: Record<string, string> = {};
  for (const name of await fs.readdir(workspacePath)) {
    files[name] = await fs.readFile(path.join(workspacePath, name), 'utf8');
  }
  return files;
}

describe('template values and expressions in Create project', () => {
  it.each(PAYLOADS)(
    'keeps the wizard value %s literal in the project, and reads no environment',
    async payload => {
      const files = await render(
        { 'README.md': '# ${{ values.name }}\n\n${{ values.description }}\n' },
        { name: 'sales-demand', description: payload },
      );
      expect(files['README.md']).toBe(`# sales-demand\n\n${payload}\n`);
      expect(JSON.stringify(files)).not.toContain(MARKER);
    },
  );

  it.each(
    PAYLOADS.filter(p => p.includes('constructor(') && !p.includes('raw')),
  )(
    'refuses a skeleton’s own expression %s: no access to process or the environment',
    async payload => {
      const expression = payload
        .replace(/^\$\{\{/, '${{')
        .replace(/^\{\{/, '${{');
      const outcome = await render(
        { 'notes.txt': `before ${expression} after\n` },
        { name: 'x' },
      ).then(
        files => JSON.stringify(files),
        (e: Error) => `refused: ${e.message}`,
      );
      expect(outcome).toMatch(/^refused: .*"constructor" is reserved/);
      expect(outcome).not.toContain(MARKER);
    },
  );
});
