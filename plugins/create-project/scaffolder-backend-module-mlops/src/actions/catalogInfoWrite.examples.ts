import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Write the new project's catalog-info.yaml from the wizard's values",
    example: yaml.stringify({
      steps: [
        {
          id: 'catalogInfo',
          action: 'mlops:catalogInfo:write',
          name: 'Catalog entry',
          input: {
            name: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            owner: '${{ parameters.owner }}',
            task: 'forecasting',
            components: '${{ parameters.components }}',
            templateName: 'forecasting-project',
            templateVersion: '1.0.0',
          },
        },
      ],
    }),
  },
];
