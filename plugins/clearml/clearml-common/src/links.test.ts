import { Entity } from '@backstage/catalog-model';
import { clearmlLinks } from './links';
import {
  CLEARML_PROJECT_ANNOTATION,
  getClearmlProjectName,
} from './annotations';

describe('clearmlLinks', () => {
  it('links into the web app under its sub-path, escaping ids', () => {
    expect(
      clearmlLinks.project('https://portal.example.com/clearml/', 'p1'),
    ).toBe('https://portal.example.com/clearml/projects/p1/experiments');
    expect(clearmlLinks.experiment('/clearml', 'p1', 't/1')).toBe(
      '/clearml/projects/p1/experiments/t%2F1/output/execution',
    );
    expect(clearmlLinks.model('/clearml', 'p1', 'm1')).toBe(
      '/clearml/projects/p1/models/m1/general',
    );
    expect(clearmlLinks.dataset('/clearml', 'd1', 't1')).toBe(
      '/clearml/datasets/simple/d1/experiments/t1',
    );
  });
});

describe('getClearmlProjectName', () => {
  const entity = (annotations?: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });

  it('reads the annotation and ignores blank values', () => {
    expect(
      getClearmlProjectName(
        entity({ [CLEARML_PROJECT_ANNOTATION]: ' sales ' }),
      ),
    ).toBe('sales');
    expect(
      getClearmlProjectName(entity({ [CLEARML_PROJECT_ANNOTATION]: '  ' })),
    ).toBeUndefined();
    expect(getClearmlProjectName(entity())).toBeUndefined();
  });
});
