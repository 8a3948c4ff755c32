import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After publish:gitlab with skipExisting: push the project into the repository if a cut run left it empty',
    example: yaml.stringify({
      steps: [
        {
          id: 'push',
          action: 'mlops:gitlabRepo:push',
          name: 'Repository contents',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            defaultBranch: 'main',
            gitCommitMessage: 'Create the project',
          },
        },
      ],
    }),
  },
];
