import { Entity } from '@backstage/catalog-model';
import { projectFileProblems } from './projectFile';

const project = (metadata: Partial<Entity['metadata']> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'sales-demand',
    labels: { 'mlops-portal.io/level': 'page' },
    ...metadata,
  },
  spec: { type: 'ml-project', lifecycle: 'experimental', owner: 'x' },
});

describe('what a project file may carry (THREATS 35)', () => {
  it('takes web links and ordinary annotations', () => {
    expect(
      projectFileProblems([
        project({
          links: [{ url: 'https://gitlab.example.com/research/sales' }],
          annotations: { 'clear.ml/project-name': 'forecasting/sales-demand' },
        }),
      ]),
    ).toEqual([]);
  });

  it.each([
    // eslint-disable-next-line no-script-url
    'javascript:alert(document.cookie)',
    // eslint-disable-next-line no-script-url
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '/relative/path',
  ])('refuses the link %s with a sentence', url => {
    expect(projectFileProblems([project({ links: [{ url }] })])).toEqual([
      expect.stringMatching(
        /^component:default\/sales-demand has a link to ".*"; a project's links must be http or https addresses$/,
      ),
    ]);
  });

  it('refuses an annotation or a label longer than 4096 characters, naming it', () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    expect(
      projectFileProblems([
        project({
          annotations: { 'x.example/huge': huge },
          labels: { 'mlops-portal.io/level': 'page', big: 'b'.repeat(5000) },
        }),
      ]),
    ).toEqual([
      'component:default/sales-demand has the annotation x.example/huge of 10485760 characters; at most 4096',
      'component:default/sales-demand has the label big of 5000 characters; at most 4096',
    ]);
  });
});
