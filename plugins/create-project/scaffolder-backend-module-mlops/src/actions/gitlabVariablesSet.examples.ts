import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After publishing: what the first pipeline reads, as CI/CD variables of the new repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'variables',
          action: 'mlops:gitlabVariables:set',
          name: 'CI/CD variables',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            variables: [
              {
                key: 'MLOPS_CLEARML_PROJECT',
                value: 'forecasting/${{ parameters.name }}',
              },
              { key: 'MLOPS_HORIZON', value: '${{ parameters.horizon }}' },
            ],
            failureNote: 'the repository and its catalog entry exist already',
          },
        },
      ],
    }),
  },
];
