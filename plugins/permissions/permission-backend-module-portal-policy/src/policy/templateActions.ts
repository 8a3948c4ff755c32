/**
 * A Scaffolder action a researcher's task may run, and the inputs that must have exactly these values.
 * `fetch:*` reads with the portal's GitLab token, so it is pinned to the folders beside the portal's own
 * templates (a relative URL is resolved against the template's own location); the other actions check
 * their inputs themselves (the repository URL against the configured GitLab, the component names
 * against the catalog).
 */
export interface TemplateAction {
  actionId: string;
  pinned?: Readonly<Record<string, string>>;
}

/** The tasks that have a template (templates/tasks.yaml), each with its own files in skeleton-tasks/<task> and its sample data in
 * samples/<task>. */
const TASKS = ['forecasting', 'classification', 'anomaly-detection'] as const;

/**
 * Every step of the portal's "Create project" and "Update project" templates (templates/*.yaml): what a researcher's task
 * may run. Administrators may run any action (they write and dry-run templates). A test checks this
 * list against the templates, so a new step is refused until it is added here.
 */
export const TEMPLATE_ACTIONS: readonly TemplateAction[] = [
  { actionId: 'mlops:gitlabRepo:check' },
  { actionId: 'fetch:template', pinned: { url: './skeleton' } },
  ...TASKS.map(task => ({
    actionId: 'fetch:template',
    pinned: { url: `./skeleton-tasks/${task}` },
  })),
  ...TASKS.map(task => ({
    actionId: 'fetch:plain',
    pinned: { url: `./samples/${task}` },
  })),
  { actionId: 'mlops:catalogInfo:write' },
  { actionId: 'mlops:components:compose' },
  { actionId: 'mlops:clearmlProject:create' },
  // the sample data (a workspace folder, checked by the action) as the project's first dataset version
  { actionId: 'mlops:clearmlDataset:create' },
  { actionId: 'publish:gitlab' },
  { actionId: 'mlops:gitlabRepo:push' },
  { actionId: 'mlops:project:register' },
  // the answers a project records at creation, for later updates (plugins/template-upgrades)
  { actionId: 'mlops:projectAnswers:write' },
  // after publishing: the project's CI/CD variables and its first pipeline
  { actionId: 'mlops:gitlabVariables:set' },
  { actionId: 'mlops:gitlabPipeline:create' },
  // "Update project" (templates/update-project.yaml): reads the project as the user, compares the
  // current template with it, and opens a merge request (upstream's action; never the default branch)
  { actionId: 'mlops:projectUpdate:read' },
  { actionId: 'mlops:projectUpdate:plan' },
  { actionId: 'publish:gitlab:merge-request' },
];
