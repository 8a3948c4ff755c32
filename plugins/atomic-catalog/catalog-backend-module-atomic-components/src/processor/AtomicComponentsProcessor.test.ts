import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { AtomicComponentsProcessor } from './AtomicComponentsProcessor';
import {
  RULE_VIOLATIONS_ANNOTATION,
  levelOf,
  recordedViolationsOf,
  violationText,
} from '@mlops-portal/plugin-atomic-catalog-common';
import { libraryComponent } from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { TargetLevelResolver } from './TargetLevelResolver';

const location: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/catalog-info.yaml',
};

const catalogEntities = [
  libraryComponent('naive', 'atom'),
  libraryComponent('mae', 'atom'),
  libraryComponent('theta', 'molecule', {
    dependsOn: ['component:default/naive'],
  }),
  libraryComponent('sarima', 'molecule'),
  libraryComponent('backtest', 'organism', {
    dependsOn: ['component:default/theta', 'component:default/mae'],
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'warehouse' },
    spec: { type: 'database', owner: 'group:default/researchers' },
  },
];

/**
 * A catalog holding these entities, as the processor sees it (the resolver that reads the catalog's
 * tables is tested on the real catalog in TargetLevelResolver.test.ts).
 */
function catalogOf(entities: Entity[]): TargetLevelResolver {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return {
    levelsOf: async refs =>
      new Map(
        refs.map(ref => {
          const target = byRef.get(ref.toLocaleLowerCase('en-US'));
          return [ref, target ? levelOf(target) ?? null : undefined];
        }),
      ),
  };
}

function makeProcessor(entities: Entity[] = catalogEntities) {
  const logger = mockServices.logger.mock();
  const processor = AtomicComponentsProcessor.create({
    targets: catalogOf(entities),
    logger,
  });
  return { processor, logger };
}

/** Processes the entity; returns the processed entity and what the processor emitted. */
async function processed(
  entity: Entity,
  processor = makeProcessor().processor,
): Promise<{ entity: Entity; emitted: CatalogProcessorResult[] }> {
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(entity, location, r =>
    emitted.push(r),
  );
  return { entity: result, emitted };
}

/**
 * The violations recorded on the processed entity, each as one text (`<message> Fix: <fix>`). A
 * violation never becomes a processing error, which would hold back a new entity.
 */
async function errorsOf(
  entity: Entity,
  processor = makeProcessor().processor,
): Promise<string[]> {
  const result = await processed(entity, processor);
  expect(result.emitted.filter(r => r.type !== 'relation')).toEqual([]);
  const { [RULE_VIOLATIONS_ANNOTATION]: _recorded, ...otherAnnotations } =
    result.entity.metadata.annotations ?? {};
  // Apart from the annotation, the entity is what its source says.
  const { [RULE_VIOLATIONS_ANNOTATION]: _authored, ...sourceAnnotations } =
    entity.metadata.annotations ?? {};
  expect(otherAnnotations).toEqual(sourceAnnotations);
  expect(result.entity.spec).toEqual(entity.spec);
  return recordedViolationsOf(result.entity).map(violationText);
}

describe('AtomicComponentsProcessor', () => {
  it('leaves entities without the level label alone', async () => {
    const { entity } = await processed(catalogEntities[5]);
    expect(entity).toBe(catalogEntities[5]);
  });

  it('records the violations on the entity as a JSON list of rule, message and fix', async () => {
    const { entity, emitted } = await processed(
      libraryComponent('odd', 'quark'),
    );
    expect(emitted).toEqual([]);
    expect(
      JSON.parse(entity.metadata.annotations![RULE_VIOLATIONS_ANNOTATION]),
    ).toEqual([
      {
        rule: 'known-level',
        message:
          'component:default/odd: label mlops-portal.io/level is "quark", which is not a level of the atomic catalog (rule known-level).',
        fix: 'set it to one of atom, molecule, organism, template, page.',
      },
    ]);
  });

  it('never keeps a rule-violations annotation written in the entity’s source', async () => {
    const forged = JSON.stringify([
      { rule: 'x', message: '<img src=x onerror=alert(1)>', fix: 'y' },
    ]);
    // A valid component claiming violations: the claim is removed.
    const valid = libraryComponent('naive', 'atom', {
      annotations: { [RULE_VIOLATIONS_ANNOTATION]: forged },
    });
    const { entity } = await processed(valid);
    expect(entity.metadata.annotations).not.toHaveProperty(
      RULE_VIOLATIONS_ANNOTATION,
    );
    // An invalid one: the processor's own findings replace the claim.
    expect(
      await errorsOf(
        libraryComponent('odd', 'quark', {
          annotations: { [RULE_VIOLATIONS_ANNOTATION]: forged },
        }),
      ),
    ).toEqual([expect.stringContaining('(rule known-level)')]);
    // An entity outside the atomic catalog: removed as well.
    const resource: Entity = {
      ...catalogEntities[5],
      metadata: {
        name: 'warehouse',
        annotations: { [RULE_VIOLATIONS_ANNOTATION]: forged },
      },
    };
    const { entity: cleaned } = await processed(resource);
    expect(cleaned.metadata.annotations).toEqual({});
  });

  it('accepts valid atoms, molecules and organisms', async () => {
    for (const entity of catalogEntities.slice(0, 5)) {
      expect(await errorsOf(entity)).toEqual([]);
    }
  });

  it('accepts every generated entity of the component library', async () => {
    const dir = path.resolve(
      __dirname,
      '../../../../../catalog-info/components',
    );
    const entities: Entity[] = fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.yaml'))
      .map(f => parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    const components = entities.filter(
      e => e.metadata.labels?.['mlops-portal.io/level'],
    );
    expect(components.length).toBeGreaterThan(40);
    const { processor } = makeProcessor(entities);
    for (const entity of components) {
      expect(await errorsOf(entity, processor)).toEqual([]);
    }
  });

  it('reports an unknown level with the fix', async () => {
    expect(await errorsOf(libraryComponent('odd', 'quark'))).toEqual([
      'component:default/odd: label mlops-portal.io/level is "quark", which is not a level of the atomic catalog (rule known-level). Fix: set it to one of atom, molecule, organism, template, page.',
    ]);
  });

  it('reports an unknown task', async () => {
    const [error] = await errorsOf(
      libraryComponent('x', 'atom', {
        annotations: { 'mlops-portal.io/tasks': 'forecasting,regression' },
      }),
    );
    expect(error).toMatch(
      /^component:default\/x: task "regression".*known-task/,
    );
  });

  it('reports a missing annotation', async () => {
    const entity = libraryComponent('x', 'atom');
    delete entity.metadata.annotations!['mlops-portal.io/python-package'];
    expect(await errorsOf(entity)).toEqual([
      expect.stringMatching(
        /^component:default\/x: an atom needs the annotation mlops-portal.io\/python-package \(rule required-annotation\)\. Fix: /,
      ),
    ]);
  });

  it('reports a molecule depending on a molecule', async () => {
    expect(
      await errorsOf(
        libraryComponent('x', 'molecule', {
          dependsOn: ['component:default/naive', 'component:default/sarima'],
        }),
      ),
    ).toEqual([
      'component:default/x: a molecule may be built from atom, but spec.dependsOn names the molecule component:default/sarima (rule dependency-level). Fix: remove component:default/sarima from spec.dependsOn, or make this entity a higher level (for example organism).',
    ]);
  });

  it('reports an atom depending on anything, with or without a level', async () => {
    const errors = await errorsOf(
      libraryComponent('x', 'atom', {
        dependsOn: ['component:default/mae', 'resource:default/warehouse'],
      }),
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('names the atom component:default/mae');
    expect(errors[1]).toContain(
      'names resource:default/warehouse, which has no mlops-portal.io/level label',
    );
    for (const error of errors) {
      expect(error).toContain('an atom depends on nothing');
    }
  });

  it('reports a dependency on an entity that does not exist', async () => {
    const entity = libraryComponent('x', 'molecule', {
      dependsOn: ['component:default/ghost'],
    });
    const { processor } = makeProcessor([...catalogEntities, entity]);
    expect(await errorsOf(entity, processor)).toEqual([
      'component:default/x: spec.dependsOn names component:default/ghost, which is not in the catalog (rule dependency-exists). Fix: register component:default/ghost or remove it from spec.dependsOn.',
    ]);
  });

  it('does not flag a missing target before the entity itself is in the catalog', async () => {
    // First pass: neither x nor its target is in the catalog yet (any order of processing).
    const entity = libraryComponent('x', 'molecule', {
      dependsOn: ['component:default/later'],
    });
    expect(await errorsOf(entity)).toEqual([]);
  });

  it('resolves short references in the entity’s namespace', async () => {
    expect(
      await errorsOf(
        libraryComponent('x', 'organism', { dependsOn: ['theta'] }),
      ),
    ).toEqual([]);
  });

  it('reports a dependsOn entry that is not an entity reference', async () => {
    const [error] = await errorsOf(
      libraryComponent('x', 'molecule', { dependsOn: ['component:'] }),
    );
    expect(error).toContain('rule valid-dependency-ref');
    expect(error).toContain('Fix: write it as kind:namespace/name');
  });

  it('checks templates and projects (pages) against their own levels', async () => {
    const template = {
      ...libraryComponent('forecasting-project', 'template', {
        dependsOn: ['component:default/backtest', 'component:default/mae'],
      }),
      kind: 'Template',
    };
    expect(await errorsOf(template)).toEqual([
      expect.stringContaining(
        'a template may be built from organism, but spec.dependsOn names the atom component:default/mae',
      ),
    ]);
    const page = libraryComponent('sales-forecast', 'page', {
      dependsOn: ['component:default/backtest', 'resource:default/warehouse'],
    });
    expect(await errorsOf(page)).toEqual([]);
  });

  it('links a template to the organisms of its built-from annotation, and a project to its template', async () => {
    const template: Entity = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'forecasting-project',
        labels: { 'mlops-portal.io/level': 'template' },
        annotations: {
          'mlops-portal.io/built-from': 'component:default/backtest',
        },
      },
      spec: { type: 'ml-project', owner: 'group:default/researchers' },
    };
    const { processor } = makeProcessor([...catalogEntities, template]);
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(template, location, r => emitted.push(r));
    expect(emitted).toEqual([
      {
        type: 'relation',
        relation: {
          source: {
            kind: 'Template',
            namespace: 'default',
            name: 'forecasting-project',
          },
          type: 'dependsOn',
          target: { kind: 'component', namespace: 'default', name: 'backtest' },
        },
      },
      {
        type: 'relation',
        relation: {
          source: { kind: 'component', namespace: 'default', name: 'backtest' },
          type: 'dependencyOf',
          target: {
            kind: 'Template',
            namespace: 'default',
            name: 'forecasting-project',
          },
        },
      },
    ]);

    const project = libraryComponent('sales-forecast', 'page', {
      annotations: {
        'mlops-portal.io/template': 'template:default/forecasting-project',
      },
    });
    const projectResults: CatalogProcessorResult[] = [];
    await processor.postProcessEntity(project, location, r =>
      projectResults.push(r),
    );
    expect(projectResults.map(r => r.type)).toEqual(['relation', 'relation']);
  });

  it('reports a template built from an atom, naming the annotation', async () => {
    const template = {
      ...libraryComponent('forecasting-project', 'template', {
        annotations: { 'mlops-portal.io/built-from': 'component:default/mae' },
      }),
      kind: 'Template',
    };
    expect(await errorsOf(template)).toEqual([
      'template:default/forecasting-project: a template may be built from organism, but annotation mlops-portal.io/built-from names the atom component:default/mae (rule dependency-level). Fix: replace component:default/mae in annotation mlops-portal.io/built-from with the organism that uses it.',
    ]);
  });

  it('does not report targets as missing when the catalog cannot be asked, and logs why', async () => {
    const logger = mockServices.logger.mock();
    const processor = AtomicComponentsProcessor.create({
      targets: {
        levelsOf: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
      logger,
    });
    expect(
      await errorsOf(
        libraryComponent('x', 'molecule', {
          dependsOn: ['component:default/mae'],
        }),
        processor,
      ),
    ).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not look up the levels of dependsOn targets',
      { entity: 'component:default/x', error: 'connect ECONNREFUSED' },
    );
  });
});
