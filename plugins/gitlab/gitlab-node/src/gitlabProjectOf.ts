import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';

/** Where an entity's project is: a host of `integrations.gitlab`, the project's path and its branch. */
export interface GitlabProjectRef {
  host: string;
  path: string;
  ref: string;
}

/**
 * The GitLab project an entity was registered from (its source or managed-by location on a host of
 * `integrations.gitlab`), or named by the slug annotation when one GitLab host is configured.
 */
export function gitlabProjectOf(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
  options: { slugAnnotation?: string } = {},
): GitlabProjectRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
    const value = annotations[key];
    if (!value) continue;
    let target: string;
    try {
      const location = parseLocationRef(value);
      if (location.type !== 'url') continue;
      target = location.target;
    } catch {
      continue;
    }
    const url = new URL(target);
    const gitlab = integrations.gitlab.byUrl(target);
    if (!gitlab) continue;
    const basePath = new URL(gitlab.config.baseUrl).pathname.replace(/\/$/, '');
    const rest = url.pathname.slice(basePath.length).replace(/^\//, '');
    const [projectPath, tail] = rest.split('/-/');
    const ref = tail?.match(/^(?:blob|tree)\/([^/]+)/)?.[1] ?? 'main';
    if (projectPath) {
      return { host: gitlab.config.host, path: projectPath, ref };
    }
  }
  const slug = options.slugAnnotation
    ? annotations[options.slugAnnotation]
    : undefined;
  const only = integrations.gitlab.list();
  if (slug && only.length === 1) {
    return { host: only[0].config.host, path: slug, ref: 'main' };
  }
  return undefined;
}
