import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "After the CI/CD variables are set: the new project's first pipeline on main",
    example: yaml.stringify({
      steps: [
        {
          id: 'pipeline',
          action: 'mlops:gitlabPipeline:create',
          name: 'First pipeline',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            branch: 'main',
            failureNote:
              'the repository, its CI/CD variables and its catalog entry exist already',
          },
        },
      ],
    }),
  },
];
