import { Entity } from '@backstage/catalog-model';
import { CLEARML_PROJECT_ANNOTATION } from '../annotations';

/**
 * An ML project as the catalog holds it (a `Component` of type `ml-project`), naming the ClearML project
 * `clearmlProject` (by default its own name; `null` for a project that names none), for the tests of
 * the plugins that read ClearML for a project.
 */
export function mlProjectEntity(
  name: string,
  options: {
    title?: string;
    clearmlProject?: string | null;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const clearmlProject =
    options.clearmlProject === undefined ? name : options.clearmlProject;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: {
        ...options.annotations,
        ...(clearmlProject
          ? { [CLEARML_PROJECT_ANNOTATION]: clearmlProject }
          : {}),
      },
    },
    spec: { type: 'ml-project', owner: 'group:default/researchers' },
  };
}
