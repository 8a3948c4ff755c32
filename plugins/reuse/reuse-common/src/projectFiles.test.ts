import {
  componentsOfPipeline,
  componentsOfRequirements,
  isProjectEntity,
} from './projectFiles';

describe('componentsOfRequirements', () => {
  it('reads the component lines and ignores the requirements', () => {
    expect(
      componentsOfRequirements(
        [
          '# Written by the MLOps Portal',
          'mlops-components==0.1.0',
          '# component: component:default/automl-forecasting',
          '# component: seasonal-naive, component:team/theta',
          '# component: seasonal-naive',
        ].join('\n'),
      ),
    ).toEqual({
      ok: true,
      refs: [
        'component:default/automl-forecasting',
        'component:default/seasonal-naive',
        'component:team/theta',
      ],
    });
  });

  it('names the line of a reference it cannot read', () => {
    expect(
      componentsOfRequirements('x==1\n# component: component:default/'),
    ).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^requirements-components.txt line 2: "component:default\/" is not a catalog entity reference/,
      ),
    });
  });
});

describe('componentsOfPipeline', () => {
  it('reads the refs of the components, or their names', () => {
    expect(
      componentsOfPipeline(
        JSON.stringify({
          task: 'forecasting',
          components: [
            { ref: 'component:default/automl-forecasting', name: 'x' },
            { name: 'theta' },
          ],
          builtFrom: ['naive'],
        }),
      ),
    ).toEqual({
      ok: true,
      refs: ['component:default/automl-forecasting', 'component:default/theta'],
    });
  });

  it('explains invalid JSON and an invalid components list', () => {
    expect(componentsOfPipeline('{')).toEqual({
      ok: false,
      problem: expect.stringMatching(/^pipeline.json is not valid JSON: /),
    });
    expect(componentsOfPipeline('{"components": 3}')).toEqual({
      ok: false,
      problem: expect.stringContaining('"components" must be a list'),
    });
    expect(componentsOfPipeline('{"components": [{"x": 1}]}')).toEqual({
      ok: false,
      problem: expect.stringContaining('components[0] names no catalog entity'),
    });
  });
});

describe('isProjectEntity', () => {
  it('is a page naming its template', () => {
    const project = {
      kind: 'Component',
      metadata: {
        name: 'p',
        labels: { 'mlops-portal.io/level': 'page' },
        annotations: { 'mlops-portal.io/template': 'template:default/x' },
      },
    };
    expect(isProjectEntity(project)).toBe(true);
    expect(
      isProjectEntity({
        ...project,
        metadata: { ...project.metadata, annotations: {} },
      }),
    ).toBe(false);
  });
});
