import { RULE_VIOLATIONS_ANNOTATION } from './model';
import type { AtomicEntity } from './entity';
import type { Violation } from './rules';

/** A violation as the catalog module records it on the entity (rule id, what is wrong, the fix). */
export type RecordedViolation = {
  rule: string;
  message: string;
  fix: string;
};

/**
 * At most this many violations (the first ones) are recorded on one entity, so that an entity naming
 * thousands of wrong targets cannot blow up its own size.
 */
export const MAX_RECORDED_VIOLATIONS = 50;

/** The value of the rule-violations annotation for these violations (a JSON list). */
export function serializeViolations(violations: readonly Violation[]): string {
  return JSON.stringify(
    violations
      .slice(0, MAX_RECORDED_VIOLATIONS)
      .map(({ rule, message, fix }) => ({ rule, message, fix })),
  );
}

function isRecordedViolation(value: unknown): value is RecordedViolation {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (
    typeof v.rule === 'string' &&
    typeof v.message === 'string' &&
    typeof v.fix === 'string'
  );
}

/**
 * The violations the catalog module recorded on an entity; an empty list when it has none. A value
 * that is not a list of `{ rule, message, fix }` yields one entry saying so, rather than nothing, so
 * that a damaged annotation is noticed.
 */
export function recordedViolationsOf(
  entity: AtomicEntity,
): RecordedViolation[] {
  const value = entity.metadata.annotations?.[RULE_VIOLATIONS_ANNOTATION];
  if (value === undefined) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.every(isRecordedViolation)) {
    return parsed.map(({ rule, message, fix }) => ({ rule, message, fix }));
  }
  return [
    {
      rule: 'unreadable',
      message: `The annotation ${RULE_VIOLATIONS_ANNOTATION} is not a list of rule violations.`,
      fix: 'refresh the entity so that the catalog checks it again.',
    },
  ];
}
