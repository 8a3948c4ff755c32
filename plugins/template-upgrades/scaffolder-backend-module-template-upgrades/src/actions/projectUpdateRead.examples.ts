import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Read what a project was made with, before rendering the current template with the same values',
    example: yaml.stringify({
      steps: [
        {
          id: 'read',
          action: 'mlops:projectUpdate:read',
          name: 'Read the project',
          input: {
            entityRef: '${{ parameters.project }}',
            templateVersion: '1.1.0',
          },
        },
      ],
    }),
  },
];
