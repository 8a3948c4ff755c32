import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create (or reuse) the ClearML project named after the new repository, and link to it',
    example: yaml.stringify({
      steps: [
        {
          id: 'clearml',
          action: 'mlops:clearmlProject:create',
          name: 'Create the ClearML project',
          input: {
            name: 'forecasting/${{ parameters.name }}',
            description: '${{ parameters.description }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'ClearML project',
            url: '${{ steps.clearml.output.projectUrl }}',
          },
        ],
      },
    }),
  },
];
