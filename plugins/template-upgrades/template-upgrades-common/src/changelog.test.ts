import { Entity } from '@backstage/catalog-model';
import {
  changelogOf,
  changesBetween,
  compareVersions,
  filesChanged,
} from './changelog';
import { TEMPLATE_CHANGELOG_ANNOTATION } from './model';

const template = (changelog?: string): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'forecasting-project',
    annotations: Object.fromEntries(
      changelog === undefined
        ? []
        : [[TEMPLATE_CHANGELOG_ANNOTATION, changelog]],
    ),
  },
});

describe('template changelog', () => {
  it('orders versions by number, not by text', () => {
    expect(compareVersions('1.10.0', '1.9.2')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.9.9', '1.0.0')).toBeLessThan(0);
    expect(() => compareVersions('1.0', '1.0.0')).toThrow(
      '"1.0" is not a template version',
    );
  });

  it('lists the versions after the project’s, up to the current one, with their files once each', () => {
    const changelog = changelogOf(
      template(
        JSON.stringify([
          { version: '1.0.0', changes: ['First'], files: [] },
          { version: '1.2.0', changes: ['Third'], files: ['Makefile'] },
          {
            version: '1.1.0',
            changes: ['Second'],
            files: ['Makefile', '.gitignore'],
          },
        ]),
      ),
    );
    expect(changelog.map(e => e.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    const between = changesBetween(changelog, '1.0.0', '1.2.0');
    expect(between.map(e => e.version)).toEqual(['1.2.0', '1.1.0']);
    expect(filesChanged(between)).toEqual(['.gitignore', 'Makefile']);
    expect(changesBetween(changelog, '1.2.0', '1.2.0')).toEqual([]);
  });

  it('names the template whose changelog is broken', () => {
    expect(changelogOf(template())).toEqual([]);
    expect(() => changelogOf(template('{'))).toThrow(
      'The changelog of template forecasting-project is not valid JSON',
    );
    expect(() =>
      changelogOf(template(JSON.stringify([{ version: 'x', changes: [] }]))),
    ).toThrow('is not a list of { version, changes, files }');
  });
});
