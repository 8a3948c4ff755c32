import { AtomicEntity, categoryOf, libraryVersionOf, tasksOf } from './entity';
import { taskSearchValue } from './model';

const theta: AtomicEntity = {
  kind: 'Component',
  metadata: {
    name: 'theta',
    labels: {
      'mlops-portal.io/level': 'molecule',
      'mlops-portal.io/category': 'model',
    },
    annotations: {
      'mlops-portal.io/tasks': 'forecasting, anomaly-detection,',
      'mlops-portal.io/python-package': 'mlops-components == 0.2.1',
    },
  },
};
const portal: AtomicEntity = { kind: 'Component', metadata: { name: 'x' } };

describe('the readers of an entity', () => {
  it('read the tasks, category and library version a component carries', () => {
    expect(tasksOf(theta)).toEqual(['forecasting', 'anomaly-detection']);
    expect(categoryOf(theta)).toBe('model');
    expect(libraryVersionOf(theta)).toBe('0.2.1');
  });

  it('read nothing from an entity outside the atomic catalog', () => {
    expect(tasksOf(portal)).toEqual([]);
    expect(categoryOf(portal)).toBeUndefined();
    expect(libraryVersionOf(portal)).toBeUndefined();
  });
});

describe('taskSearchValue', () => {
  it('writes a task as one word for both search engines', () => {
    expect(taskSearchValue('Anomaly-Detection ')).toBe('anomalydetection');
    expect(taskSearchValue('forecasting')).toBe('forecasting');
  });
});
