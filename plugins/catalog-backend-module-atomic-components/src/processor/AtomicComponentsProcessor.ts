import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  RULES,
  annotatedPartsOf,
  dependencyViolation,
  dependsOnOf,
  entityDisplayRef,
  entityViolations,
  isAtomicEntity,
  levelOf,
} from '@mlops-portal/plugin-atomic-catalog-common';
import { TargetLevelResolver } from './TargetLevelResolver';

/**
 * Checks the atomic catalog's rules on every entity carrying the `mlops-portal.io/level` label and
 * reports each violation as a processing error of that entity. As for any processing error, the
 * catalog then keeps the entity's last valid version and shows the error on its page (a new entity
 * with a violation is held back and the error is logged by the catalog).
 */
export class AtomicComponentsProcessor implements CatalogProcessor {
  private constructor(
    private readonly targets: TargetLevelResolver,
    private readonly logger: LoggerService,
  ) {}

  static create(deps: {
    targets: TargetLevelResolver;
    logger: LoggerService;
  }): AtomicComponentsProcessor {
    return new AtomicComponentsProcessor(deps.targets, deps.logger);
  }

  getProcessorName(): string {
    return 'AtomicComponentsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isAtomicEntity(entity)) {
      return entity;
    }
    for (const violation of entityViolations(entity)) {
      emit(processingResult.inputError(location, violation.message));
    }
    if (levelOf(entity) !== undefined) {
      await this.checkDependencies(entity, location, emit);
    }
    return entity;
  }

  private async checkDependencies(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ) {
    const self = stringifyEntityRef(entity);
    const written = [
      ...dependsOnOf(entity).map(target => ({
        field: 'spec.dependsOn',
        target,
      })),
      ...annotatedPartsOf(entity),
    ];
    if (written.length === 0) {
      return;
    }
    const parts: Array<{ field: string; ref: CompoundEntityRef }> = [];
    for (const { field, target } of written) {
      try {
        const ref = parseEntityRef(target, {
          defaultKind: 'component',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        });
        parts.push({ field, ref });
      } catch {
        emit(
          processingResult.inputError(
            location,
            `${entityDisplayRef(
              entity,
            )}: ${field} entry "${target}" is not an entity reference (rule ${
              RULES.validDependencyRef
            }). Fix: write it as kind:namespace/name, for example component:default/mae.`,
          ),
        );
      }
    }

    // A Template has no spec.dependsOn and a project names its template in an annotation: the
    // relations Backstage emits for spec.dependsOn are emitted here for those, so the reuse graph
    // runs from a template down to its atoms and back up.
    const selfRef = getCompoundEntityRef(entity);
    for (const { field, ref } of parts) {
      if (field !== 'spec.dependsOn') {
        emit(
          processingResult.relation({
            source: selfRef,
            type: RELATION_DEPENDS_ON,
            target: ref,
          }),
        );
        emit(
          processingResult.relation({
            source: ref,
            type: RELATION_DEPENDENCY_OF,
            target: selfRef,
          }),
        );
      }
    }

    const refs = parts.map(p => stringifyEntityRef(p.ref));
    let levels;
    try {
      levels = await this.targets.levelsOf([self, ...new Set(refs)]);
    } catch (error) {
      // The catalog could not be asked (for example while the backend starts): the next processing
      // pass checks again. Reporting the targets as missing would be wrong.
      this.logger.warn('Could not look up the levels of dependsOn targets', {
        entity: self,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    // Any error holds back the entity, and a new entity's targets may simply not be processed yet
    // (the catalog processes entities in no particular order): a missing target is reported from
    // the next pass on, once the entity itself is in the catalog and its page can show the error.
    const firstPass = levels.get(self) === undefined;
    parts.forEach(({ field }, i) => {
      const targetLevel = levels.get(refs[i]);
      if (targetLevel === undefined && firstPass) {
        return;
      }
      const violation = dependencyViolation(
        entity,
        refs[i],
        targetLevel,
        field,
      );
      if (violation) {
        emit(processingResult.inputError(location, violation.message));
      }
    });
  }
}
