import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After every step that writes the project: record the values and a hash of each file the template wrote',
    example: yaml.stringify({
      steps: [
        {
          id: 'answers',
          action: 'mlops:projectAnswers:write',
          name: 'Record the answers',
          input: {
            templateName: 'forecasting-project',
            templateVersion: '1.1.0',
            values: { name: '${{ parameters.name }}', task: 'forecasting' },
          },
        },
      ],
    }),
  },
];
