import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** "Create project": the wizard field that asks for the GitLab repository on the configured hosts. */
export const gitlabRepoUrlPickerFormField = FormFieldBlueprint.make({
  name: 'gitlab-repo-url-picker',
  params: {
    field: () =>
      import('./GitlabRepoUrlPicker').then(m => m.gitlabRepoUrlPickerField),
  },
});

/** Installed into the Scaffolder plugin of the app (feature discovery finds it). */
export const createProjectModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [gitlabRepoUrlPickerFormField],
});
