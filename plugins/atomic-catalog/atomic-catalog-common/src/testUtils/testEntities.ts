import { Entity } from '@backstage/catalog-model';
import { RULE_VIOLATIONS_ANNOTATION } from '../model';
import { RecordedViolation } from '../ruleViolations';

/** A component of the atomic component library, as the catalog holds it, for the frontend tests. */
export function libraryComponent(
  name: string,
  level: string,
  options: {
    tasks?: string[];
    category?: string;
    owner?: string;
    dependsOn?: string[];
    dependencyOf?: string[];
    kind?: string;
    description?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const tasks = options.tasks ?? ['forecasting'];
  const category = options.category ?? 'model';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: name
        .split('-')
        .map(w => w[0].toUpperCase() + w.slice(1))
        .join(''),
      description: options.description ?? `The ${name} ${level}.`,
      tags: [...tasks, category],
      labels: {
        'mlops-portal.io/level': level,
        'mlops-portal.io/category': category,
      },
      annotations: {
        'mlops-portal.io/tasks': tasks.join(','),
        'mlops-portal.io/python-import': `from mlops_components.${level}s import ${name}`,
        'mlops-portal.io/python-package': 'mlops-components==0.1.0',
        ...options.annotations,
      },
    },
    spec: {
      type: `ml-${level}`,
      owner: options.owner ?? 'group:default/researchers',
      dependsOn: options.dependsOn,
    },
    relations: [
      ...(options.dependsOn ?? []).map(targetRef => ({
        type: 'dependsOn',
        targetRef,
      })),
      ...(options.dependencyOf ?? []).map(targetRef => ({
        type: 'dependencyOf',
        targetRef,
      })),
    ],
  };
}

/** The entity with violations recorded on it, as the catalog module records them. */
export function withViolations(
  entity: Entity,
  violations: RecordedViolation[],
): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [RULE_VIOLATIONS_ANNOTATION]: JSON.stringify(violations),
      },
    },
  };
}
