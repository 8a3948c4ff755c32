import type { ClearmlClient } from './ClearmlClient';
import { ClearmlTaskRecord } from './types';

/**
 * The scalar title the generated projects' training runs report their held-out scores under
 * (`experiment.py` of the templates' skeleton: `tracker.log_scalar("held-out", <metric>, value)`).
 */
export const HELD_OUT_TITLE = 'held-out';

/**
 * A task's user properties (`hyperparams.properties`, asked for with `withProperties`) as plain text
 * values. The generated projects' runs set `task`, `metric`, `higher_is_better`, `dataset_version`,
 * `winner` and `components` there.
 */
export function taskProperties(
  task: ClearmlTaskRecord,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, record] of Object.entries(
    task.hyperparams?.properties ?? {},
  )) {
    if (typeof record?.value === 'string') out[name] = record.value.trim();
  }
  return out;
}

/** The last held-out value of this metric the task reported, or undefined when it reported none. */
export function heldOutScore(
  task: ClearmlTaskRecord,
  metric: string,
): number | undefined {
  for (const variants of Object.values(task.last_metrics ?? {})) {
    for (const m of Object.values(variants ?? {})) {
      if (
        m?.metric === HELD_OUT_TITLE &&
        m.variant === metric &&
        typeof m.value === 'number' &&
        Number.isFinite(m.value)
      ) {
        return m.value;
      }
    }
  }
  return undefined;
}

/** A ClearML id: 32 hexadecimal digits (a run's `dataset_version` may also be a local version's name). */
const CLEARML_ID = /^[0-9a-f]{32}$/;

/**
 * The ClearML Data versions (hidden `data_processing` tasks tagged `dataset`) among these ids, in one
 * call; ids that are not ClearML ids are left out without asking.
 */
export async function getDatasetVersions(
  client: ClearmlClient,
  ids: Iterable<string>,
): Promise<ClearmlTaskRecord[]> {
  const wanted = [...new Set(ids)].filter(id => CLEARML_ID.test(id));
  if (wanted.length === 0) return [];
  return client.getTasks({
    ids: wanted,
    types: ['data_processing'],
    systemTags: ['dataset'],
    includeHidden: true,
    limit: wanted.length,
  });
}
