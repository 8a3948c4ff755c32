import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the chosen GitLab group and repository name before creating anything',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'mlops:gitlabRepo:check',
          name: 'Check GitLab',
          input: { repoUrl: '${{ parameters.repoUrl }}' },
        },
      ],
    }),
  },
];
