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
  RULE_VIOLATIONS_ANNOTATION,
  Violation,
  annotatedPartsOf,
  dependencyViolation,
  dependsOnOf,
  entityDisplayRef,
  entityViolations,
  isAtomicEntity,
  levelOf,
  serializeViolations,
} from '@mlops-portal/plugin-atomic-catalog-common';
import { TargetLevelResolver } from './TargetLevelResolver';

/**
 * The entity with its rule-violations annotation set to these violations, or removed when there are
 * none. Whatever value the entity's source gave the annotation is never kept.
 */
function withViolations(entity: Entity, violations: Violation[]): Entity {
  const { [RULE_VIOLATIONS_ANNOTATION]: _authored, ...annotations } =
    entity.metadata.annotations ?? {};
  if (violations.length > 0) {
    annotations[RULE_VIOLATIONS_ANNOTATION] = serializeViolations(violations);
  }
  return { ...entity, metadata: { ...entity.metadata, annotations } };
}

/**
 * Checks the atomic catalog's rules on every entity carrying the `mlops-portal.io/level` label and
 * records the violations on the entity itself, in the `mlops-portal.io/rule-violations` annotation,
 * rather than as processing errors: the catalog withholds a new entity that has processing errors,
 * so a researcher's newly registered component would never appear and the explanation would be
 * lost. The entity stays in the catalog and its page shows what is wrong and how to fix it.
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
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isAtomicEntity(entity)) {
      // Only this processor writes the annotation: a value from the entity's source is removed.
      return entity.metadata.annotations?.[RULE_VIOLATIONS_ANNOTATION] ===
        undefined
        ? entity
        : withViolations(entity, []);
    }
    const violations = entityViolations(entity);
    if (levelOf(entity) !== undefined) {
      violations.push(...(await this.checkDependencies(entity, emit)));
    }
    return withViolations(entity, violations);
  }

  /** The violations of the entity's parts; emits the relations of parts named in annotations. */
  private async checkDependencies(
    entity: Entity,
    emit: CatalogProcessorEmit,
  ): Promise<Violation[]> {
    const self = stringifyEntityRef(entity);
    const written = [
      ...dependsOnOf(entity).map(target => ({
        field: 'spec.dependsOn',
        target,
      })),
      ...annotatedPartsOf(entity),
    ];
    if (written.length === 0) {
      return [];
    }
    const violations: Violation[] = [];
    const parts: Array<{ field: string; ref: CompoundEntityRef }> = [];
    for (const { field, target } of written) {
      try {
        const ref = parseEntityRef(target, {
          defaultKind: 'component',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        });
        parts.push({ field, ref });
      } catch {
        violations.push({
          rule: RULES.validDependencyRef,
          message: `${entityDisplayRef(
            entity,
          )}: ${field} entry "${target}" is not an entity reference (rule ${
            RULES.validDependencyRef
          }).`,
          fix: 'write it as kind:namespace/name, for example component:default/mae.',
        });
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
      return violations;
    }
    // A new entity's targets may simply not be processed yet (the catalog processes entities in no
    // particular order): a missing target is reported from the next pass on, once the entity itself
    // is in the catalog, so that a fresh start does not flag half the library for a few minutes.
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
        violations.push(violation);
      }
    });
    return violations;
  }
}
