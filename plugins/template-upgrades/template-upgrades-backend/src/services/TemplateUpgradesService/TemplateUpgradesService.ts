import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@mlops-portal/plugin-atomic-catalog-common';
import {
  UpgradeCandidate,
  UpgradeList,
  changelogOf,
  changesBetween,
  compareVersions,
  filesChanged,
  isVersion,
} from '@mlops-portal/plugin-template-upgrades-common';

/** The projects whose template has moved on, read from the catalog with the caller's credentials. */
export interface TemplateUpgradesService {
  listUpgrades(options: {
    credentials: BackstageCredentials;
  }): Promise<UpgradeList>;
}

const PROJECT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
];

/** Reads the projects (`spec.type: ml-project`) and the templates, and compares their versions. */
export class DefaultTemplateUpgradesService implements TemplateUpgradesService {
  static create(deps: { catalog: CatalogService; logger: LoggerService }) {
    return new DefaultTemplateUpgradesService(deps.catalog, deps.logger);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly logger: LoggerService,
  ) {}

  async listUpgrades(options: {
    credentials: BackstageCredentials;
  }): Promise<UpgradeList> {
    const { credentials } = options;
    const [projects, templates] = await Promise.all([
      this.catalog.getEntities(
        {
          filter: { kind: 'component', 'spec.type': 'ml-project' },
          fields: PROJECT_FIELDS,
        },
        { credentials },
      ),
      this.catalog.getEntities(
        {
          filter: { kind: 'template' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
          ],
        },
        { credentials },
      ),
    ]);
    const byRef = new Map<string, Entity>(
      templates.items.map(t => [stringifyEntityRef(t), t]),
    );
    const behind: UpgradeCandidate[] = [];
    const unknownTemplate: UpgradeList['unknownTemplate'] = [];
    let upToDate = 0;
    for (const project of projects.items) {
      const annotations = project.metadata.annotations ?? {};
      const projectVersion = annotations[TEMPLATE_VERSION_ANNOTATION];
      const rawTemplateRef = annotations[TEMPLATE_ANNOTATION];
      if (!rawTemplateRef || !isVersion(projectVersion)) continue;
      const entityRef = stringifyEntityRef(project);
      let templateRef: string;
      try {
        templateRef = stringifyEntityRef(
          parseEntityRef(rawTemplateRef, { defaultKind: 'template' }),
        );
      } catch {
        unknownTemplate.push({ entityRef, templateRef: rawTemplateRef });
        continue;
      }
      const template = byRef.get(templateRef);
      const currentVersion =
        template?.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
      if (!template || !isVersion(currentVersion)) {
        unknownTemplate.push({ entityRef, templateRef });
        continue;
      }
      if (compareVersions(projectVersion, currentVersion) >= 0) {
        upToDate += 1;
        continue;
      }
      let changes: UpgradeCandidate['changes'] = [];
      try {
        changes = changesBetween(
          changelogOf(template),
          projectVersion,
          currentVersion,
        );
      } catch (error) {
        // the project is still behind; the page says the changelog is missing
        this.logger.warn('Template changelog unreadable', {
          templateRef,
          error: String(error),
        });
      }
      behind.push({
        entityRef,
        title: project.metadata.title ?? project.metadata.name,
        owner:
          typeof project.spec?.owner === 'string'
            ? project.spec.owner
            : undefined,
        templateRef,
        templateTitle: template.metadata.title ?? template.metadata.name,
        projectVersion,
        currentVersion,
        changes,
        files: filesChanged(changes),
      });
    }
    behind.sort(
      (a, b) =>
        compareVersions(a.projectVersion, b.projectVersion) ||
        a.title.localeCompare(b.title),
    );
    return { behind, upToDate, unknownTemplate };
  }
}
