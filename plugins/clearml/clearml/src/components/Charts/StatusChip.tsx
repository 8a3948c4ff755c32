import Chip from '@material-ui/core/Chip';
import { ClearmlTaskStatus } from '@mlops-portal/plugin-clearml-common';
import { STATUS_LABELS } from './format';

const COLORS: Partial<Record<ClearmlTaskStatus, 'primary' | 'secondary'>> = {
  in_progress: 'primary',
  failed: 'secondary',
};

export function StatusChip(props: { status: ClearmlTaskStatus }) {
  return (
    <Chip
      size="small"
      label={STATUS_LABELS[props.status]}
      color={COLORS[props.status] ?? 'default'}
      variant={props.status === 'completed' ? 'outlined' : 'default'}
    />
  );
}
