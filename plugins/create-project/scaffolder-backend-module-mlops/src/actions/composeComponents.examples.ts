import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check the components chosen in the wizard against a forecasting project and write its pipeline configuration',
    example: yaml.stringify({
      steps: [
        {
          id: 'compose',
          action: 'mlops:components:compose',
          name: 'Compose the components',
          input: {
            task: 'forecasting',
            components: '${{ parameters.components }}',
            allowedLevels: ['organism', 'molecule'],
          },
        },
      ],
    }),
  },
];
