import { execFile } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
import path from 'path';
import { promisify } from 'util';
import yaml from 'yaml';
import {
  renderTemplate,
  repoRoot,
  TASKS,
  templatesDir,
} from './__testUtils__/renderTemplate';

jest.setTimeout(180_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require(path.join(templatesDir, 'generate.js'));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    withFileTypes: true,
    recursive: true,
  });
  return entries
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath, e.name));
}

describe('the Create project templates', () => {
  it('are up to date with templates/tasks.yaml (node templates/generate.js)', () => {
    const outputs: Record<string, string> = generator.outputs();
    expect(Object.keys(outputs).sort()).toEqual([
      '../catalog-info/templates.yaml',
      'anomaly-detection.yaml',
      'classification.yaml',
      'forecasting.yaml',
      'samples/anomaly-detection/series.csv',
      'samples/anomaly-detection/windows.json',
      'samples/classification/test.ts',
      'samples/classification/train.ts',
      'samples/forecasting/series.csv',
      'update-project.yaml',
    ]);
    for (const [file, text] of Object.entries(outputs)) {
      expect(
        `${file}:\n${readFileSync(path.join(templatesDir, file), 'utf8')}`,
      ).toBe(`${file}:\n${text}`);
    }
  });

  it.each(TASKS)(
    '%s renders a complete project whose own tests pass with Debian Python',
    async task => {
      const workspace = await renderTemplate(task, {
        name: 'sales-demand',
        description:
          'Weekly demand per store: "quoted", {{ 7*7 }} and ${{ not-an-expression }}',
        owner: 'group:default/researchers',
        components: [
          `component:default/automl-${task.replace('-detection', '')}`,
        ],
        dataset: 'sample',
      });
      const files = await filesUnder(workspace);
      const relative = files.map(f => path.relative(workspace, f)).sort();
      expect(relative).toEqual(
        expect.arrayContaining([
          '.flake8',
          '.gitignore',
          '.gitlab-ci.yml',
          'Makefile',
          'README.md',
          'catalog-info.yaml',
          'docs/index.md',
          'mkdocs.yml',
          'pipeline.json',
          'pyproject.toml',
          'requirements-components.txt',
          'sales_demand/automl.py',
          'sales_demand/config.py',
          'sales_demand/dataset.py',
          'sales_demand/experiment.py',
          'sales_demand/modeling/predict.py',
          'sales_demand/modeling/store.py',
          'sales_demand/modeling/train.py',
          'tests/modeling/test_train_predict.py',
          'tests/test_dataset.py',
          'tests/test_train.py',
        ]),
      );
      expect(relative.some(f => f.startsWith('data/raw/'))).toBe(true);

      // Every file, checked together so a failure names them all.
      const problems: string[] = [];
      for (const file of files) {
        const text = await fs.readFile(file, 'utf8');
        const name = path.relative(workspace, file);
        // the description is the user's text: template syntax in it stays literal
        const ours = text.split('${{ not-an-expression }}').join('');
        if (!name.startsWith('data/raw/') && /\$\{\{|\{%|\{#/.test(ours)) {
          problems.push(`${name}: leftover template syntax`);
        }
        if (/https?:\/\/\w/.test(text)) {
          problems.push(`${name}: a hard-coded host`);
        }
        if (/\.ya?ml$/.test(name)) {
          try {
            yaml.parse(text);
          } catch (e) {
            problems.push(`${name}: invalid YAML (${(e as Error).message})`);
          }
        }
      }
      expect(problems).toEqual([]);

      const entity = yaml.parse(
        await fs.readFile(path.join(workspace, 'catalog-info.yaml'), 'utf8'),
      );
      expect(entity.metadata).toMatchObject({
        name: 'sales-demand',
        description:
          'Weekly demand per store: "quoted", {{ 7*7 }} and ${{ not-an-expression }}',
        annotations: {
          'clear.ml/project-name': `${task}/sales-demand`,
          'backstage.io/techdocs-ref': 'dir:.',
          'mlops-portal.io/template': `template:default/${task}-project`,
          // the version the template itself carries
          'mlops-portal.io/template-version': yaml.parse(
            readFileSync(path.join(templatesDir, `${task}.yaml`), 'utf8'),
          ).metadata.annotations['mlops-portal.io/template-version'],
        },
      });
      expect(entity.spec).toMatchObject({
        owner: 'group:default/researchers',
        dependsOn: [
          `component:default/automl-${task.replace('-detection', '')}`,
        ],
      });

      const { stdout } = await promisify(execFile)(
        '/usr/bin/python3',
        ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
        {
          cwd: workspace,
          env: {
            ...process.env,
            PYTHONPATH: path.join(repoRoot, 'components'),
          },
        },
      ).catch(e => {
        throw new Error(
          `the rendered ${task} project's tests failed:\n${e.stdout}\n${e.stderr}`,
        );
      });
      expect(stdout).toMatch(/\d+ passed/);
      expect(stdout).not.toMatch(/failed|error/);
    },
  );

  it("writes the forecasting wizard's column, frequency and horizon into the project, and its CI/CD variables win", async () => {
    const workspace = await renderTemplate('forecasting', {
      name: 'sales-demand',
      description: 'Weekly demand per store.',
      owner: 'group:default/researchers',
      components: ['component:default/automl-forecasting'],
      dataset: 'sample',
      targetColumn: 'Passengers',
      frequency: 'MS',
      horizon: 6,
    });
    const settings = async (env: Record<string, string> = {}) => {
      const { stdout } = await promisify(execFile)(
        '/usr/bin/python3',
        [
          '-c',
          'from sales_demand import config, dataset; ' +
            'y = dataset.load(); ' +
            'print(config.SETTINGS["horizon"], dataset.TARGET_COLUMN, dataset.FREQUENCY, dataset.SEASON, len(y))',
        ],
        {
          cwd: workspace,
          env: {
            ...process.env,
            PYTHONPATH: path.join(repoRoot, 'components'),
            ...env,
          },
        },
      );
      return stdout.trim();
    };
    expect(await settings()).toBe('6 Passengers MS 12 144');
    expect(await settings({ MLOPS_HORIZON: '3' })).toBe(
      '3 Passengers MS 12 144',
    );
    // a column the sample does not have: the run stops and names it
    await expect(
      settings({ MLOPS_TARGET_COLUMN: 'Sales' }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining("'Sales'") });
    // the first dataset version the portal made of data/raw is read from data/raw, without ClearML's
    // SDK; any other version needs ClearML
    expect(
      await settings({
        MLOPS_DATASET_ID: 'f3a9c2',
        MLOPS_SAMPLE_DATASET_ID: 'f3a9c2',
      }),
    ).toBe('6 Passengers MS 12 144');
    await expect(
      settings({ MLOPS_DATASET_ID: 'f3a9c2' }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('clearml') });
  });
});
