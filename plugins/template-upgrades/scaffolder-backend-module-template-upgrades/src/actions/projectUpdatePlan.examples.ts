import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Compare the current template, rendered into render/, with the project and put what the merge request changes into changes/',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'mlops:projectUpdate:plan',
          name: 'Plan the update',
          input: {
            repoUrl: '${{ steps.read.output.repoUrl }}',
            defaultBranch: '${{ steps.read.output.defaultBranch }}',
            templateName: '${{ steps.read.output.templateName }}',
            fromVersion: '${{ steps.read.output.fromVersion }}',
            toVersion: '${{ steps.read.output.toVersion }}',
            values: '${{ steps.read.output.values }}',
            answers: '${{ steps.read.output.answers }}',
            changes: '${{ steps.read.output.changes }}',
            renderPath: 'render',
            targetPath: 'changes',
          },
        },
      ],
    }),
  },
];
