#!/usr/bin/env node
/*
 * Writes the three "Create project" templates (<task>.yaml, beside the skeleton/ they fetch: a template
 * may only fetch from its own folder) and their catalog Location (catalog-info/templates.yaml) from
 * tasks.yaml: one template shape, filled in per task, so the three never drift apart.
 *   node templates/generate.js          write the files
 *   node templates/generate.js --check  exit 1 and name the files that are out of date
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('yaml');
const prettier = require('prettier');

// The atomic catalog's vocabulary is defined once, in TypeScript: run as a script, node loads it
// through Backstage's node transform; under Jest (templates.test.ts), Jest's own transform does.
if (require.main === module) {
  require('@backstage/cli/config/nodeTransform.cjs');
}
const {
  BUILT_FROM_ANNOTATION,
  LEVEL_LABEL,
  TASKS,
  TASKS_ANNOTATION,
  TASK_TITLES,
  TECHDOCS_ENTITY_ANNOTATION,
  TECHDOCS_ENTITY_PATH_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  componentTypeFor,
  isTask,
} = require('@mlops-portal/plugin-atomic-catalog-common');
const {
  TEMPLATE_CHANGELOG_ANNOTATION,
  UPDATE_TEMPLATE_NAME,
  compareVersions,
} = require('@mlops-portal/plugin-template-upgrades-common');

const dir = __dirname;
/** The component library's data sets, which the samples are cut from. */
const dataDir = path.join(dir, '..', 'components', 'data');

/** The levels a project starts from: the picker offers them and the compose step allows them. */
const STARTING_LEVELS = ['organism', 'molecule'];

/** What the first training run may spend, in minutes: the wizard's choices. */
const BUDGET_MINUTES = [1, 5, 15, 60];

/**
 * The wizard's training page: the time budget for every task and, for forecasting, the target column,
 * the frequency and the horizon. Each has a default a newcomer can accept (the bundled sample's), and a
 * wrong value is refused on the page, in words (`ui:help` says what is expected).
 */
function trainingPage(t) {
  const properties = {};
  const required = ['budgetMinutes'];
  if (t.task === 'forecasting') {
    required.push('targetColumn', 'frequency', 'horizon');
    Object.assign(properties, {
      targetColumn: {
        title: 'Target column',
        type: 'string',
        default: t.sample.target_column,
        pattern: '^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$',
        'ui:help': `The column of the data set to forecast (the sample's is ${t.sample.target_column}).`,
      },
      frequency: {
        title: 'Frequency',
        type: 'string',
        default: t.sample.frequency,
        enum: ['H', 'D', 'W', 'MS', 'QS', 'YS'],
        enumNames: [
          'Hourly',
          'Daily',
          'Weekly',
          'Monthly',
          'Quarterly',
          'Yearly',
        ],
        'ui:help': 'How often the series has a value.',
      },
      horizon: {
        title: 'Horizon',
        type: 'integer',
        default: t.settings.horizon,
        minimum: 1,
        maximum: 365,
        'ui:help':
          'How many steps ahead to forecast, from 1 to 365 (12 months for the sample).',
      },
    });
  }
  properties.budgetMinutes = {
    title: 'Time budget for the first training (minutes)',
    type: 'integer',
    default: BUDGET_MINUTES[0],
    enum: BUDGET_MINUTES,
    'ui:help':
      'How long the first pipeline may search for a model; 1 minute gives a baseline on the sample.',
  };
  return { title: 'Training', required, properties };
}

/** The CI/CD variables the new project's pipeline reads (credentials are the group's; see README). */
function ciVariables(t) {
  const vars = [
    ['MLOPS_CLEARML_PROJECT', `${t.task}/\${{ parameters.name }}`],
    // the sample's first dataset version, which the `dataset` step made; or the version chosen
    [
      'MLOPS_DATASET_ID',
      "${{ steps.dataset.output.datasetId if parameters.dataset == 'sample' else parameters.dataset }}",
    ],
    // that first version holds data/raw's files, so the project reads them from data/raw (config.py)
    [
      'MLOPS_SAMPLE_DATASET_ID',
      "${{ steps.dataset.output.datasetId if parameters.dataset == 'sample' else 'sample' }}",
    ],
    // the first `train` job's budget (.gitlab-ci.yml); train:large keeps its own
    ['TRAIN_BUDGET_SECONDS', '${{ (parameters.budgetMinutes * 60) | string }}'],
  ];
  if (t.task === 'forecasting') {
    vars.push(
      ['MLOPS_TARGET_COLUMN', '${{ parameters.targetColumn }}'],
      ['MLOPS_FREQUENCY', '${{ parameters.frequency }}'],
      ['MLOPS_HORIZON', '${{ parameters.horizon | string }}'],
    );
  }
  return vars;
}

/** The template of one task. `${{ }}` expressions are the scaffolder's, rendered when it runs. */
function template(t, version, changelog) {
  const taskTitle = `Time-series ${TASK_TITLES[t.task].toLowerCase()}`;
  // what both fetch:template steps render with
  const values = {
    name: '${{ parameters.name }}',
    title: '${{ parameters.name }}',
    description: '${{ parameters.description }}',
    owner: '${{ parameters.owner }}',
    task: t.task,
    taskTitle,
    package: "${{ parameters.name | replace('-', '_') }}",
    components: '${{ parameters.components }}',
    dataset: '${{ parameters.dataset }}',
    clearmlProject: `${t.task}/\${{ parameters.name }}`,
    automl: t.automl,
    // forecasting: what the wizard asked (the column, the frequency, the horizon); the project's
    // files hold them, and the CI/CD variables of the same names override them (config.py, dataset.py)
    settings:
      t.task === 'forecasting'
        ? { ...t.settings, horizon: '${{ parameters.horizon }}' }
        : t.settings,
    ...(t.task === 'forecasting'
      ? {
          targetColumn: '${{ parameters.targetColumn }}',
          frequency: '${{ parameters.frequency }}',
        }
      : {}),
    templateName: t.name,
    templateVersion: version,
  };
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: t.name,
      title: t.title,
      description: t.description,
      tags: [t.task, 'python', 'clearml', 'gitlab'],
      labels: { [LEVEL_LABEL]: 'template' },
      annotations: {
        [TASKS_ANNOTATION]: t.task,
        // the atomic catalog links the template to the organism it is built from
        [BUILT_FROM_ANNOTATION]: `component:default/${t.automl}`,
        [TEMPLATE_VERSION_ANNOTATION]: version,
        // what each version changed, for the Template upgrades page and the update's merge request
        [TEMPLATE_CHANGELOG_ANNOTATION]: JSON.stringify(changelog),
        // its docs are the templates guide of the portal's own TechDocs site
        [TECHDOCS_ENTITY_ANNOTATION]: 'component:default/mlops-portal',
        [TECHDOCS_ENTITY_PATH_ANNOTATION]: '/templates/',
      },
    },
    spec: {
      owner: 'group:default/ml-research',
      type: 'ml-project',
      // A task that failed (a GitLab outage, a backend cut mid-run) gets a Retry button on its page: the
      // same task again, from the first step, with the same inputs; every step reuses what the failed run
      // created (checkpoints, publish:gitlab's skipExisting, mlops:gitlabRepo:push). Only the Retry button
      // comes from this: no task is resumed by itself (scaffolder.taskRecovery stays off).
      EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
      parameters: [
        {
          title: 'Project',
          required: ['name', 'description', 'owner'],
          properties: {
            name: {
              title: 'Name',
              type: 'string',
              minLength: 3,
              maxLength: 40,
              pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
              'ui:autofocus': true,
              'ui:help':
                'Lowercase letters and digits in words joined by "-", for example sales-demand. It names the repository, the Python package and the ClearML project.',
            },
            description: {
              title: 'Description',
              type: 'string',
              minLength: 10,
              maxLength: 200,
              'ui:help':
                'One sentence on what the project is for; it appears in the catalog, the README and ClearML.',
            },
            owner: {
              title: 'Owner',
              type: 'string',
              'ui:field': 'OwnerPicker',
              'ui:options': { catalogFilter: { kind: ['Group', 'User'] } },
              // the picker shows the description (its own default otherwise says "component")
              description: 'The team or person responsible for the project.',
            },
          },
        },
        {
          title: 'Components and data',
          required: ['components', 'dataset'],
          properties: {
            components: {
              title: 'Components to start from',
              type: 'array',
              minItems: 1,
              maxItems: 10,
              items: { type: 'string' },
              default: [`component:default/${t.automl}`],
              'ui:field': 'MultiEntityPicker',
              'ui:options': {
                catalogFilter: {
                  kind: 'Component',
                  'metadata.tags': t.task,
                  'spec.type': STARTING_LEVELS.map(componentTypeFor),
                },
              },
              description: `Organisms and molecules of the component library for ${taskTitle.toLowerCase()}. Keep exactly one AutoML organism (${
                t.automl
              } is chosen for you); the others become the project's declared dependencies.`,
            },
            dataset: {
              title: 'Dataset',
              type: 'string',
              default: 'sample',
              pattern: '^(sample|[0-9a-f]{32})$',
              'ui:help':
                '"sample" starts on the small data set bundled with the project; otherwise the 32-character id of a ClearML dataset version.',
            },
          },
        },
        trainingPage(t),
        {
          title: 'Repository',
          required: ['repoUrl'],
          properties: {
            repoUrl: {
              title: 'GitLab repository',
              type: 'string',
              // our field (plugins/create-project/scaffolder-module-mlops): the hosts of integrations.gitlab
              'ui:field': 'GitlabRepoUrlPicker',
              'ui:help':
                'The project name is a good choice for the repository; the portal checks it is free before creating anything.',
            },
          },
        },
      ],
      steps: [
        {
          id: 'check',
          name: 'Check GitLab',
          action: 'mlops:gitlabRepo:check',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
        {
          id: 'fetch',
          name: 'Project skeleton',
          action: 'fetch:template',
          input: { url: './skeleton', values: structuredClone(values) },
        },
        {
          // one program per file: the task's own modules and tests, beside the shared ones
          id: 'fetchTask',
          name: `${TASK_TITLES[t.task]} modules`,
          action: 'fetch:template',
          input: {
            url: `./skeleton-tasks/${t.task}`,
            values: structuredClone(values),
          },
        },
        {
          // the catalog entry from the wizard's values, checked and written by a YAML serializer
          // (never rendered from a text template: a value could add keys or entities to the file)
          id: 'catalogInfo',
          name: 'Catalog entry',
          action: 'mlops:catalogInfo:write',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            owner: '${{ parameters.owner }}',
            task: t.task,
            components: '${{ parameters.components }}',
            templateName: t.name,
            templateVersion: version,
          },
        },
        {
          id: 'sample',
          name: 'Sample data',
          action: 'fetch:plain',
          input: { url: `./samples/${t.task}`, targetPath: 'data/raw' },
        },
        {
          id: 'compose',
          name: 'Compose the components',
          action: 'mlops:components:compose',
          input: {
            task: t.task,
            components: '${{ parameters.components }}',
            allowedLevels: [...STARTING_LEVELS],
          },
        },
        {
          // the values and a hash of every file written so far, in .portal/answers.json: what
          // "Update project" renders the next version with, and how it tells the files the
          // researcher changed (plugins/template-upgrades)
          id: 'answers',
          name: 'Record the answers',
          action: 'mlops:projectAnswers:write',
          input: {
            templateName: t.name,
            templateVersion: version,
            values: structuredClone(values),
          },
        },
        {
          id: 'clearml',
          name: 'ClearML project',
          action: 'mlops:clearmlProject:create',
          input: {
            name: `${t.task}/\${{ parameters.name }}`,
            description: '${{ parameters.description }}',
            failureNote: 'nothing is on GitLab yet',
          },
        },
        // The sample data (data/raw) becomes the first version of the project's ClearML dataset, before
        // anything is on GitLab; its id goes to the pipeline as MLOPS_DATASET_ID. Not when the researcher
        // chose a dataset version of their own.
        {
          id: 'dataset',
          name: 'First dataset version',
          if: "${{ parameters.dataset == 'sample' }}",
          action: 'mlops:clearmlDataset:create',
          input: {
            project: `${t.task}/\${{ parameters.name }}`,
            name: '${{ parameters.name }}-data',
            version: '1.0.0',
            path: 'data/raw',
            description: `The sample data the ${t.name} template starts from`,
            failureNote: `the ClearML project ${t.task}/\${{ parameters.name }} exists already, nothing is on GitLab yet`,
          },
        },
        {
          id: 'publish',
          name: 'GitLab repository',
          action: 'publish:gitlab',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            defaultBranch: 'main',
            repoVisibility: 'private',
            // a retried task reuses the repository its first run created
            skipExisting: true,
            // GitLab starts no pipeline for this push: the project's CI/CD variables do not exist yet;
            // the "First pipeline" step starts the one pipeline once they do
            gitCommitMessage: `Create the project from the ${t.name} template ${version} [skip ci]`,
          },
        },
        {
          // a task cut after publish:gitlab created the repository but before its push landed leaves it
          // empty, and on the retry publish:gitlab (skipExisting) pushes nothing: this step pushes then
          id: 'push',
          name: 'Repository contents',
          action: 'mlops:gitlabRepo:push',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            defaultBranch: 'main',
            gitCommitMessage: `Create the project from the ${t.name} template ${version} [skip ci]`,
          },
        },
        {
          id: 'register',
          name: 'Register in the catalog',
          // not catalog:register: registering locations is for administrators (the portal's policy);
          // this registers only the project just published, with the scaffolder's own credentials
          action: 'mlops:project:register',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
        // What the first pipeline needs, as the project's CI/CD variables: created or updated, so a
        // retried task ends with each once. ClearML's credentials are not among them: operators set
        // CLEARML_API_HOST, CLEARML_API_ACCESS_KEY and CLEARML_API_SECRET_KEY once on the GitLab group.
        {
          id: 'variables',
          name: 'CI/CD variables',
          action: 'mlops:gitlabVariables:set',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            variables: ciVariables(t).map(([key, value]) => ({ key, value })),
            failureNote: `the repository, its catalog entry and the ClearML project ${t.task}/\${{ parameters.name }} exist already`,
          },
        },
        {
          id: 'pipeline',
          name: 'First pipeline',
          action: 'mlops:gitlabPipeline:create',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            branch: 'main',
            failureNote: `the repository with its CI/CD variables, its catalog entry and the ClearML project ${t.task}/\${{ parameters.name }} exist already`,
          },
        },
      ],
      output: {
        links: [
          { title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' },
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: '${{ steps.register.output.entityRef }}',
          },
          {
            title: 'ClearML project',
            url: '${{ steps.clearml.output.projectUrl }}',
          },
          {
            title: 'First pipeline',
            url: '${{ steps.pipeline.output.pipelineUrl }}',
          },
        ],
      },
    },
  };
}

/**
 * "Update project" (plugins/template-upgrades): renders the current skeleton with the values a project
 * recorded at creation and opens a GitLab merge request with the difference; never pushes to the
 * default branch. One fetch step per task, so that each step's folder is fixed (the portal's policy pins
 * fetch:template to these folders).
 */
function updateTemplate(tasks, version) {
  const values = '${{ steps.read.output.values }}';
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: UPDATE_TEMPLATE_NAME,
      title: 'Update a project to its template’s current version',
      description:
        'Renders the current version of the template a project was created from, with the answers recorded at its creation, and opens a GitLab merge request with the difference. Files you changed are not overwritten: the merge request lists them.',
      tags: ['update', 'gitlab'],
      annotations: {
        [TEMPLATE_VERSION_ANNOTATION]: version,
        [TECHDOCS_ENTITY_ANNOTATION]: 'component:default/mlops-portal',
        [TECHDOCS_ENTITY_PATH_ANNOTATION]: '/template-upgrades/',
      },
    },
    spec: {
      owner: 'group:default/ml-research',
      type: 'ml-project-update',
      parameters: [
        {
          title: 'Project',
          required: ['project'],
          properties: {
            project: {
              title: 'Project',
              type: 'string',
              'ui:field': 'EntityPicker',
              'ui:options': {
                catalogFilter: { kind: 'Component', 'spec.type': 'ml-project' },
                defaultKind: 'Component',
              },
              description:
                'The project to update; the Template upgrades page lists the ones behind.',
            },
          },
        },
      ],
      steps: [
        {
          id: 'read',
          name: 'Read the project',
          action: 'mlops:projectUpdate:read',
          input: {
            entityRef: '${{ parameters.project }}',
            templateVersion: version,
          },
        },
        {
          id: 'render',
          name: 'Render the current template',
          action: 'fetch:template',
          input: { url: './skeleton', targetPath: 'render', values },
        },
        ...tasks.map(t => ({
          id: `render-${t.task}`,
          name: `Render the ${TASK_TITLES[t.task].toLowerCase()} modules`,
          if: `\${{ steps.read.output.task === '${t.task}' }}`,
          action: 'fetch:template',
          input: {
            url: `./skeleton-tasks/${t.task}`,
            targetPath: 'render',
            values,
          },
        })),
        {
          id: 'plan',
          name: 'Compare with the project',
          action: 'mlops:projectUpdate:plan',
          input: {
            repoUrl: '${{ steps.read.output.repoUrl }}',
            defaultBranch: '${{ steps.read.output.defaultBranch }}',
            templateName: '${{ steps.read.output.templateName }}',
            fromVersion: '${{ steps.read.output.fromVersion }}',
            toVersion: '${{ steps.read.output.toVersion }}',
            values,
            answers: '${{ steps.read.output.answers }}',
            changes: '${{ steps.read.output.changes }}',
            renderPath: 'render',
            targetPath: 'changes',
          },
        },
        {
          id: 'mergeRequest',
          name: 'Open the merge request',
          action: 'publish:gitlab:merge-request',
          input: {
            repoUrl: '${{ steps.read.output.repoUrl }}',
            branchName: '${{ steps.read.output.branchName }}',
            targetBranchName: '${{ steps.read.output.defaultBranch }}',
            title:
              'Update to the ${{ steps.read.output.templateName }} template ${{ steps.read.output.toVersion }}',
            description: '${{ steps.plan.output.description }}',
            sourcePath: 'changes',
            removeSourceBranch: true,
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Merge request',
            url: '${{ steps.mergeRequest.output.mergeRequestUrl }}',
          },
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: '${{ parameters.project }}',
          },
        ],
      },
    },
  };
}

/** The changelog up to `version`, newest first; every version has an entry. */
function changelogUpTo(source) {
  const entries = (source.changelog ?? [])
    .map(e => ({
      version: String(e.version),
      changes: e.changes,
      files: e.files ?? [],
    }))
    .filter(e => compareVersions(e.version, source.version) <= 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  if (!entries.length || entries[0].version !== source.version) {
    throw new Error(
      `templates/tasks.yaml: the changelog has no entry for version ${source.version}; say what changed`,
    );
  }
  return entries;
}

function location(tasks) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: 'create-project-templates',
      description:
        'The "Create project" templates, generated by templates/generate.js.',
    },
    spec: {
      targets: [
        ...tasks.map(t => `../templates/${t.task}.yaml`),
        `../templates/${UPDATE_TEMPLATE_NAME}.yaml`,
      ],
    },
  };
}

const HEADER =
  '# Generated by `node templates/generate.js` from templates/tasks.yaml: do not edit.\n';

function render(doc) {
  const text = HEADER + yaml.stringify(doc, { lineWidth: 0 });
  return prettier.format(text, { parser: 'yaml', singleQuote: true });
}

/**
 * One sample file of a task (`data:` in tasks.yaml), cut from the component library's data set of the
 * same name so the two never differ: a text file's header (a CSV's first line, a UCR file's lines up
 * to `@data`) is kept, then every `every`-th data row, at most `rows` of them; a windows file keeps the
 * labelled windows of one series (`series`), under the sample's series file name (`as`).
 */
function sample(d) {
  const text = fs.readFileSync(path.join(dataDir, d.from), 'utf8');
  if (d.series) {
    const windows = JSON.parse(text)[d.series];
    if (!windows) {
      throw new Error(
        `components/data/${d.from} has no windows for ${d.series}`,
      );
    }
    return `${JSON.stringify({ [d.as]: windows }, null, 2)}\n`;
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const dataStart = d.from.endsWith('.ts')
    ? lines.findIndex(l => l.trim().toLowerCase() === '@data') + 1
    : 1;
  const rows = lines
    .slice(dataStart)
    .filter((_, i) => i % (d.every ?? 1) === 0)
    .slice(0, d.rows ?? Infinity);
  return `${[...lines.slice(0, dataStart), ...rows].join('\n')}\n`;
}

/**
 * Every generated file, by path relative to templates/. `override` changes the source's top-level keys
 * (a test renders an older version this way).
 */
function outputs(override = {}) {
  const source = {
    ...yaml.parse(fs.readFileSync(path.join(dir, 'tasks.yaml'), 'utf8')),
    ...override,
  };
  const changelog = changelogUpTo(source);
  const files = {};
  for (const t of source.tasks) {
    if (!isTask(t.task)) {
      throw new Error(
        `templates/tasks.yaml: "${
          t.task
        }" is not a task of the atomic catalog; use one of ${TASKS.join(', ')}`,
      );
    }
    files[`${t.task}.yaml`] = render(template(t, source.version, changelog));
    for (const d of t.data) files[`samples/${t.task}/${d.to}`] = sample(d);
  }
  files[`${UPDATE_TEMPLATE_NAME}.yaml`] = render(
    updateTemplate(source.tasks, source.version),
  );
  files['../catalog-info/templates.yaml'] = render(location(source.tasks));
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, text] of Object.entries(outputs())) {
    const target = path.join(dir, file);
    const current = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : undefined;
    if (current === text) continue;
    if (check) {
      stale.push(file);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      console.log(`wrote ${path.relative(path.dirname(dir), target)}`);
    }
  }
  if (stale.length) {
    console.error(
      `out of date: ${stale
        .map(f => `templates/${f}`)
        .join(', ')}; run node templates/generate.js`,
    );
    process.exit(1);
  }
}

module.exports = { outputs };
if (require.main === module) main();
