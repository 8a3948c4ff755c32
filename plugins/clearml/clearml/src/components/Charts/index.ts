export { LineChart } from './LineChart';
export { StatusChip } from './StatusChip';
export { ClearmlErrorMessage } from './ClearmlErrorMessage';
export { formatDuration, formatValue, keyMetrics } from './format';
