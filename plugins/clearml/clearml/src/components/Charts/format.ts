import {
  ClearmlMetricValue,
  ClearmlTaskStatus,
} from '@mlops-portal/plugin-clearml-common';

/** `1h 02m`, `31m 30s`, `45s`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(1) : value.toPrecision(3);
}

/** The metrics worth a column: validation values first, at most `count`. */
export function keyMetrics(
  metrics: ClearmlMetricValue[],
  count = 2,
): ClearmlMetricValue[] {
  const rank = (m: ClearmlMetricValue) =>
    /^(val|validation|test)/i.test(m.variant) ? 0 : 1;
  return [...metrics].sort((a, b) => rank(a) - rank(b)).slice(0, count);
}

export const STATUS_LABELS: Record<ClearmlTaskStatus, string> = {
  created: 'Draft',
  queued: 'Pending',
  in_progress: 'Running',
  stopped: 'Aborted',
  published: 'Published',
  publishing: 'Publishing',
  closed: 'Closed',
  failed: 'Failed',
  completed: 'Completed',
  unknown: 'Unknown',
};
