import { Entity } from '@backstage/catalog-model';
import { portalCatalogEntityTransformer } from './transformer';

const theta: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'theta',
    title: 'ThetaForecaster',
    description: 'Theta method.',
    labels: { 'mlops-portal.io/level': 'molecule' },
    annotations: {
      'mlops-portal.io/tasks': 'forecasting, anomaly-detection',
    },
  },
  spec: { type: 'ml-molecule', lifecycle: 'production', owner: 'researchers' },
};

describe('portalCatalogEntityTransformer', () => {
  it('adds the name, level and tasks of a component to its search document', () => {
    expect(portalCatalogEntityTransformer(theta)).toEqual({
      title: 'ThetaForecaster',
      text: 'Theta method.',
      componentType: 'ml-molecule',
      type: 'ml-molecule',
      namespace: 'default',
      kind: 'Component',
      lifecycle: 'production',
      owner: 'researchers',
      name: 'theta',
      level: 'molecule',
      tasks: ['forecasting', 'anomalydetection'],
    });
  });

  it('gives every entity the same fields, empty when it has no level or tasks', () => {
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'researchers' },
      spec: { type: 'team', children: [] },
    };
    const document = portalCatalogEntityTransformer(group);
    expect(document).toMatchObject({
      name: 'researchers',
      level: '',
      tasks: [],
    });
    expect(Object.keys(document).sort()).toEqual(
      Object.keys(portalCatalogEntityTransformer(theta)).sort(),
    );
  });
});
