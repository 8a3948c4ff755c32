import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  LEVEL_LABEL,
  TEMPLATE_ANNOTATION,
  AtomicEntity,
} from '@mlops-portal/plugin-atomic-catalog-common';

/** The project files the reuse map reads, next to the project's `catalog-info.yaml`. */
export const PIPELINE_FILE = 'pipeline.json';
export const REQUIREMENTS_FILE = 'requirements-components.txt';

/**
 * How `requirements-components.txt` names a catalogued component it uses: a comment line (pip and
 * setuptools ignore it), for example `# component: component:default/seasonal-naive`. The requirement
 * lines pin the library (`mlops-components==0.1.0`), which every component of the library shares, so
 * they cannot tell which component a project uses.
 */
export const REQUIREMENTS_COMPONENT_MARKER = '# component:';

/**
 * Whether the entity is a project made from one of our templates: a page-level entity (`mlops-portal.io/level: page`)
 * naming its template (`mlops-portal.io/template`).
 */
export function isProjectEntity(entity: AtomicEntity): boolean {
  return (
    entity.metadata.labels?.[LEVEL_LABEL] === 'page' &&
    Boolean(entity.metadata.annotations?.[TEMPLATE_ANNOTATION])
  );
}

/** A component reference as written in a project file, made absolute (`naive` -> `component:default/naive`). */
export function normalizeComponentRef(
  ref: string,
  defaultNamespace = 'default',
): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), { defaultKind: 'component', defaultNamespace }),
  );
}

/** The outcome of reading one project file: the components it names, or why it could not be read. */
export type ProjectFileResult =
  | { ok: true; refs: string[] }
  | { ok: false; problem: string };

const ok = (refs: string[]): ProjectFileResult => ({
  ok: true,
  refs: [...new Set(refs)],
});

/**
 * The components `requirements-components.txt` names (its `# component: <ref>` lines, one or more
 * comma-separated references each).
 */
export function componentsOfRequirements(
  text: string,
  defaultNamespace = 'default',
): ProjectFileResult {
  const refs: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line.toLowerCase().startsWith(REQUIREMENTS_COMPONENT_MARKER)) continue;
    const value = line.slice(REQUIREMENTS_COMPONENT_MARKER.length);
    for (const part of value.split(',').map(p => p.trim())) {
      if (!part) continue;
      try {
        refs.push(normalizeComponentRef(part, defaultNamespace));
      } catch {
        return {
          ok: false,
          problem: `${REQUIREMENTS_FILE} line ${
            i + 1
          }: "${part}" is not a catalog entity reference (write for example "${REQUIREMENTS_COMPONENT_MARKER} component:default/seasonal-naive")`,
        };
      }
    }
  }
  return ok(refs);
}

/**
 * The components `pipeline.json` runs: its `components[].ref` (as `mlops:components:compose` writes
 * them), or `components[].name` when a component has no ref.
 */
export function componentsOfPipeline(
  text: string,
  defaultNamespace = 'default',
): ProjectFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `${PIPELINE_FILE} is not valid JSON: ${
        (error as Error).message
      }`,
    };
  }
  const components = (data as { components?: unknown } | null)?.components;
  if (components === undefined) return ok([]);
  if (!Array.isArray(components)) {
    return {
      ok: false,
      problem: `${PIPELINE_FILE}: "components" must be a list of { "ref": "component:default/<name>" }`,
    };
  }
  const refs: string[] = [];
  for (const [i, c] of components.entries()) {
    const raw = [c, c?.ref, c?.name].find(
      (v): v is string => typeof v === 'string',
    );
    let ref: string | undefined;
    try {
      ref = raw ? normalizeComponentRef(raw, defaultNamespace) : undefined;
    } catch {
      ref = undefined;
    }
    if (!ref) {
      return {
        ok: false,
        problem: `${PIPELINE_FILE}: components[${i}] names no catalog entity (give it a "ref" such as "component:default/seasonal-naive")`,
      };
    }
    refs.push(ref);
  }
  return ok(refs);
}
