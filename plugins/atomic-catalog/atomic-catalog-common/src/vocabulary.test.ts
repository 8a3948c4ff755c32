import { execFileSync } from 'child_process';
import path from 'path';
import * as common from './index';

/** The Python component library, whose registry defines the Python side of the vocabulary. */
const COMPONENTS_DIR = path.resolve(__dirname, '../../../../components');

/** The keys both sides define, by the name this package exports them under. */
const SHARED_KEYS = [
  'ATOMIC_CATALOG_PREFIX',
  'LEVEL_LABEL',
  'CATEGORY_LABEL',
  'TASKS_ANNOTATION',
  'PYTHON_IMPORT_ANNOTATION',
  'PYTHON_PACKAGE_ANNOTATION',
  'TECHDOCS_ENTITY_ANNOTATION',
  'TECHDOCS_ENTITY_PATH_ANNOTATION',
] as const;

function pythonVocabulary(): unknown {
  const stdout = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import json; from mlops_components.registry import vocabulary; print(json.dumps(vocabulary()))',
    ],
    { cwd: COMPONENTS_DIR, encoding: 'utf8' },
  );
  return JSON.parse(stdout);
}

describe('the vocabulary', () => {
  it('is the same in this package and in the Python library registry (components/mlops_components/registry.py)', () => {
    expect(pythonVocabulary()).toEqual({
      LIBRARY_LEVELS: common.LIBRARY_LEVELS,
      TASKS: common.TASKS,
      CATEGORIES: common.CATEGORIES,
      ALLOWED_PARTS: Object.fromEntries(
        common.LIBRARY_LEVELS.map(level => [
          level,
          common.ALLOWED_PARTS[level],
        ]),
      ),
      COMPONENT_TYPES: Object.fromEntries(
        common.LIBRARY_LEVELS.map(level => [
          level,
          common.componentTypeFor(level),
        ]),
      ),
      KEYS: Object.fromEntries(SHARED_KEYS.map(key => [key, common[key]])),
    });
  });
});
