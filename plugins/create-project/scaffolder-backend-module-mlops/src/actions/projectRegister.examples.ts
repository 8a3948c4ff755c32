import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register the project a template has just published to GitLab',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'mlops:project:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
