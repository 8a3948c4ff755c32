import {
  ALLOWED_PARTS,
  CATEGORY_LABEL,
  LEVEL_LABEL,
  PYTHON_IMPORT_ANNOTATION,
  PYTHON_PACKAGE_ANNOTATION,
  TASKS_ANNOTATION,
  isCategory,
  isLevel,
  isTask,
  mayBeBuiltFrom,
  parseTasks,
} from './model';
import {
  AtomicEntity,
  dependsOnOf,
  isAtomicEntity,
  isReusablePart,
  levelOf,
} from './entity';
import {
  RULES,
  TargetLevel,
  annotatedPartsOf,
  dependencyViolation,
  entityViolations,
  levelAbove,
  violationText,
} from './rules';
import {
  MAX_RECORDED_VIOLATIONS,
  recordedViolationsOf,
  serializeViolations,
} from './ruleViolations';

function component(
  name: string,
  level: string,
  overrides: {
    labels?: Record<string, string | undefined>;
    annotations?: Record<string, string | undefined>;
    tags?: string[];
    type?: string;
    kind?: string;
    dependsOn?: string[];
  } = {},
): AtomicEntity {
  const clean = (o: Record<string, string | undefined>) =>
    Object.fromEntries(
      Object.entries(o).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
  return {
    kind: overrides.kind ?? 'Component',
    metadata: {
      name,
      labels: clean({
        [LEVEL_LABEL]: level,
        [CATEGORY_LABEL]: 'model',
        ...overrides.labels,
      }),
      annotations: clean({
        [TASKS_ANNOTATION]: 'forecasting',
        [PYTHON_IMPORT_ANNOTATION]: `from mlops_components.atoms.x import X`,
        [PYTHON_PACKAGE_ANNOTATION]: 'mlops-components==0.1.0',
        ...overrides.annotations,
      }),
      tags: overrides.tags ?? ['forecasting', 'model'],
    },
    spec: {
      type: overrides.type ?? `ml-${level}`,
      dependsOn: overrides.dependsOn,
    },
  };
}

describe('vocabulary', () => {
  it('knows the five levels, three tasks and the categories', () => {
    expect(isLevel('atom')).toBe(true);
    expect(isLevel('page')).toBe(true);
    expect(isLevel('Atom')).toBe(false);
    expect(isTask('anomaly-detection')).toBe(true);
    expect(isTask('regression')).toBe(false);
    expect(isCategory('tracking')).toBe(true);
    expect(isCategory('widget')).toBe(false);
  });

  it('splits the tasks annotation and drops empty entries', () => {
    expect(parseTasks('forecasting, anomaly-detection,,')).toEqual([
      'forecasting',
      'anomaly-detection',
    ]);
    expect(parseTasks(undefined)).toEqual([]);
  });

  it('orders the levels: atoms from nothing, molecules from atoms, organisms from both, templates from organisms, pages from anything', () => {
    expect(ALLOWED_PARTS.atom).toEqual([]);
    expect(mayBeBuiltFrom('molecule', 'atom')).toBe(true);
    expect(mayBeBuiltFrom('molecule', 'molecule')).toBe(false);
    expect(mayBeBuiltFrom('organism', 'molecule')).toBe(true);
    expect(mayBeBuiltFrom('organism', 'organism')).toBe(false);
    expect(mayBeBuiltFrom('template', 'organism')).toBe(true);
    expect(mayBeBuiltFrom('template', 'atom')).toBe(false);
    expect(mayBeBuiltFrom('page', 'template')).toBe(true);
    expect(mayBeBuiltFrom('atom', 'atom')).toBe(false);
    expect(levelAbove('atom')).toBe('molecule');
    expect(levelAbove('template')).toBe('page');
    expect(levelAbove('page')).toBeUndefined();
  });
});

describe('isReusablePart', () => {
  it('is true for the levels projects use, not for a project or an unlabelled entity', () => {
    for (const level of ['atom', 'molecule', 'organism', 'template']) {
      expect(isReusablePart(component('x', level))).toBe(true);
    }
    expect(isReusablePart(component('x', 'page'))).toBe(false);
    expect(isReusablePart(component('x', 'quark'))).toBe(false);
    expect(
      isReusablePart({ kind: 'Component', metadata: { name: 'portal' } }),
    ).toBe(false);
  });
});

describe('entityViolations', () => {
  it('accepts a complete library component', () => {
    expect(entityViolations(component('mae', 'atom'))).toEqual([]);
  });

  it('ignores entities without the level label', () => {
    const entity: AtomicEntity = {
      kind: 'Component',
      metadata: { name: 'portal' },
      spec: { type: 'website' },
    };
    expect(isAtomicEntity(entity)).toBe(false);
    expect(entityViolations(entity)).toEqual([]);
  });

  it('reports an unknown level, naming the entity and the levels to choose from', () => {
    const entity = component('odd', 'quark');
    expect(levelOf(entity)).toBeUndefined();
    expect(entityViolations(entity)).toEqual([
      {
        rule: RULES.knownLevel,
        message: expect.stringMatching(
          /^component:default\/odd: label mlops-portal.io\/level is "quark".*\(rule known-level\)\.$/,
        ),
        fix: 'set it to one of atom, molecule, organism, template, page.',
      },
    ]);
  });

  it('reports an unknown task and an unknown category', () => {
    const violations = entityViolations(
      component('x', 'atom', {
        annotations: { [TASKS_ANNOTATION]: 'forecasting,regression' },
        labels: { [CATEGORY_LABEL]: 'widget' },
        tags: ['forecasting', 'widget'],
      }),
    );
    expect(violations.map(v => v.rule)).toEqual([
      RULES.knownTask,
      RULES.knownCategory,
    ]);
    expect(violations[0].message).toContain('task "regression"');
    expect(violations[0].fix).toBe(
      'use only forecasting, classification, anomaly-detection.',
    );
    expect(violations[1].message).toContain('"widget"');
  });

  it.each([
    TASKS_ANNOTATION,
    PYTHON_IMPORT_ANNOTATION,
    PYTHON_PACKAGE_ANNOTATION,
  ])('reports a library component missing %s', key => {
    const violations = entityViolations(
      component('x', 'molecule', { annotations: { [key]: undefined } }),
    );
    expect(violations).toEqual([
      {
        rule: RULES.requiredAnnotation,
        message: expect.stringContaining(
          `component:default/x: a molecule needs the annotation ${key}`,
        ),
        fix: expect.stringMatching(/^add it/),
      },
    ]);
  });

  it('reports a library component without a category', () => {
    const violations = entityViolations(
      component('x', 'organism', {
        labels: { [CATEGORY_LABEL]: undefined },
        tags: ['forecasting'],
      }),
    );
    expect(violations).toEqual([
      {
        rule: RULES.requiredAnnotation,
        message: expect.stringContaining(
          `an organism needs the label ${CATEGORY_LABEL}`,
        ),
        fix: expect.stringContaining('add it with one of'),
      },
    ]);
  });

  it('does not require the library annotations from templates and pages', () => {
    const template = component('t', 'template', {
      kind: 'Template',
      labels: { [CATEGORY_LABEL]: undefined },
      annotations: {
        [PYTHON_IMPORT_ANNOTATION]: undefined,
        [PYTHON_PACKAGE_ANNOTATION]: undefined,
        [TASKS_ANNOTATION]: undefined,
      },
      type: 'project',
    });
    expect(entityViolations(template)).toEqual([]);
  });

  it('reports a spec.type that does not match the level', () => {
    const violations = entityViolations(
      component('x', 'atom', { type: 'ml-molecule' }),
    );
    expect(violations).toEqual([
      {
        rule: RULES.typeMatchesLevel,
        message: expect.stringContaining('spec.type is "ml-molecule"'),
        fix: 'set spec.type to ml-atom.',
      },
    ]);
  });

  it('reports tags that do not repeat the tasks and the category', () => {
    const violations = entityViolations(
      component('x', 'atom', { tags: ['forecasting'] }),
    );
    expect(violations).toEqual([
      {
        rule: RULES.tagsListTasks,
        message: expect.stringContaining('metadata.tags lacks model'),
        fix: 'add model to metadata.tags.',
      },
    ]);
  });
});

describe('dependencyViolation', () => {
  const molecule = component('theta', 'molecule');

  it('accepts a molecule built from an atom', () => {
    expect(
      dependencyViolation(molecule, 'component:default/naive', 'atom'),
    ).toBeUndefined();
  });

  it.each([
    {
      what: 'a molecule depending on a molecule',
      target: 'component:default/sarima',
      level: 'molecule' as TargetLevel,
      violation: {
        rule: RULES.dependencyLevel,
        message:
          'component:default/theta: a molecule may be built from atom, but spec.dependsOn names the molecule component:default/sarima (rule dependency-level).',
        fix: 'remove component:default/sarima from spec.dependsOn, or make this entity a higher level (for example organism).',
      },
    },
    {
      what: 'a dependency on an entity that is not in the catalog',
      target: 'component:default/ghost',
      level: undefined,
      violation: {
        rule: RULES.dependencyExists,
        message:
          'component:default/theta: spec.dependsOn names component:default/ghost, which is not in the catalog (rule dependency-exists).',
        fix: 'register component:default/ghost or remove it from spec.dependsOn.',
      },
    },
  ])('reports $what', ({ target, level, violation }) => {
    expect(dependencyViolation(molecule, target, level)).toEqual(violation);
  });

  it('reports an atom depending on anything', () => {
    const atom = component('mae', 'atom');
    for (const level of ['atom', 'molecule', null] as const) {
      expect(
        dependencyViolation(atom, 'component:default/other', level),
      ).toEqual({
        rule: RULES.dependencyLevel,
        message: expect.any(String),
        fix: expect.stringContaining('an atom depends on nothing'),
      });
    }
  });

  it('reports an organism built from an organism and accepts one built from atoms and molecules', () => {
    const organism = component('backtest', 'organism');
    expect(dependencyViolation(organism, 'a', 'atom')).toBeUndefined();
    expect(dependencyViolation(organism, 'm', 'molecule')).toBeUndefined();
    expect(dependencyViolation(organism, 'o', 'organism')?.rule).toBe(
      RULES.dependencyLevel,
    );
  });

  it('lets a template use organisms only', () => {
    const template = component('project', 'template', { kind: 'Template' });
    expect(dependencyViolation(template, 'o', 'organism')).toBeUndefined();
    expect(dependencyViolation(template, 'a', 'atom')?.message).toContain(
      'a template may be built from organism',
    );
  });

  it('lets a page use any level and entities outside the atomic catalog', () => {
    const page = component('my-project', 'page');
    for (const level of [
      'atom',
      'molecule',
      'organism',
      'template',
      null,
    ] as const) {
      expect(dependencyViolation(page, 'x', level)).toBeUndefined();
    }
    expect(dependencyViolation(page, 'x', 'page')?.rule).toBe(
      RULES.dependencyLevel,
    );
  });

  it('reports a molecule depending on an entity without a level', () => {
    expect(
      dependencyViolation(molecule, 'resource:default/db', null)?.message,
    ).toContain('which has no mlops-portal.io/level label');
  });

  it('leaves entities of unknown level to the known-level rule', () => {
    expect(
      dependencyViolation(component('x', 'quark'), 'y', 'atom'),
    ).toBeUndefined();
  });

  it('reads spec.dependsOn', () => {
    expect(
      dependsOnOf(component('x', 'molecule', { dependsOn: ['component:a'] })),
    ).toEqual(['component:a']);
    expect(dependsOnOf(component('x', 'atom'))).toEqual([]);
  });
});

describe('annotatedPartsOf', () => {
  it('reads a template’s organisms and a project’s template from their annotations', () => {
    const template = component('forecasting-project', 'template', {
      kind: 'Template',
      annotations: {
        'mlops-portal.io/built-from':
          'component:default/automl-forecasting, component:default/forecast-backtest',
      },
    });
    expect(annotatedPartsOf(template)).toEqual([
      {
        field: 'annotation mlops-portal.io/built-from',
        target: 'component:default/automl-forecasting',
      },
      {
        field: 'annotation mlops-portal.io/built-from',
        target: 'component:default/forecast-backtest',
      },
    ]);
    const project = component('sales', 'page', {
      annotations: {
        'mlops-portal.io/template': 'template:default/forecasting-project',
      },
    });
    expect(annotatedPartsOf(project)).toEqual([
      {
        field: 'annotation mlops-portal.io/template',
        target: 'template:default/forecasting-project',
      },
    ]);
  });

  it('names the annotation in a violation', () => {
    const template = component('t', 'template', { kind: 'Template' });
    const violation = dependencyViolation(
      template,
      'component:default/mae',
      'atom',
      'annotation mlops-portal.io/built-from',
    );
    expect(violationText(violation!)).toBe(
      'template:default/t: a template may be built from organism, but annotation mlops-portal.io/built-from names the atom component:default/mae (rule dependency-level). Fix: replace component:default/mae in annotation mlops-portal.io/built-from with the organism that uses it.',
    );
  });
});

describe('recorded rule violations', () => {
  const withAnnotation = (value: string | undefined) =>
    component('x', 'molecule', {
      annotations: { 'mlops-portal.io/rule-violations': value },
    });

  it('round-trips the violations the catalog module records', () => {
    const violations = [
      dependencyViolation(
        component('x', 'molecule'),
        'component:default/m',
        'molecule',
      )!,
    ];
    const recorded = recordedViolationsOf(
      withAnnotation(serializeViolations(violations)),
    );
    expect(recorded).toEqual([
      {
        rule: 'dependency-level',
        message: expect.stringContaining('names the molecule'),
        fix: expect.stringContaining('make this entity a higher level'),
      },
    ]);
  });

  it('reads no violations from an entity without the annotation', () => {
    expect(recordedViolationsOf(withAnnotation(undefined))).toEqual([]);
  });

  it('records at most the first MAX_RECORDED_VIOLATIONS', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      rule: RULES.dependencyExists,
      message: `m${i}`,
      fix: `f${i}`,
    }));
    const recorded = JSON.parse(serializeViolations(many));
    expect(recorded).toHaveLength(MAX_RECORDED_VIOLATIONS);
    expect(recorded[0]).toEqual({
      rule: 'dependency-exists',
      message: 'm0',
      fix: 'f0',
    });
  });

  it.each(['not json', '{"rule":"x"}', '[{"rule":"x","message":1,"fix":"y"}]'])(
    'says so when the annotation is damaged (%s)',
    value => {
      expect(recordedViolationsOf(withAnnotation(value))).toEqual([
        expect.objectContaining({ rule: 'unreadable' }),
      ]);
    },
  );
});
