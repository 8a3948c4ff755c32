import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Make the new project's sample data (data/raw) the first version of its ClearML dataset, and pass its id to the project's pipeline",
    example: yaml.stringify({
      steps: [
        {
          id: 'clearml',
          action: 'mlops:clearmlProject:create',
          name: 'Create the ClearML project',
          input: { name: 'forecasting/${{ parameters.name }}' },
        },
        {
          id: 'dataset',
          action: 'mlops:clearmlDataset:create',
          name: 'Sample data as the first dataset version',
          input: {
            project: 'forecasting/${{ parameters.name }}',
            name: '${{ parameters.name }}-data',
            version: '1.0.0',
            path: 'data/raw',
            failureNote: 'nothing is on GitLab yet',
          },
        },
        {
          id: 'variables',
          action: 'mlops:gitlabVariables:set',
          name: 'CI/CD variables',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            variables: [
              {
                key: 'MLOPS_DATASET_ID',
                value: '${{ steps.dataset.output.datasetId }}',
              },
            ],
          },
        },
      ],
      output: {
        links: [
          {
            title: 'First dataset version',
            url: '${{ steps.dataset.output.datasetUrl }}',
          },
        ],
      },
    }),
  },
];
