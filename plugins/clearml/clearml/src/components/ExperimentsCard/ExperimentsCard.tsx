import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ClearmlExperiment,
  ClearmlMetricValue,
  getClearmlProjectName,
} from '@mlops-portal/plugin-clearml-common';
import useAsync from 'react-use/esm/useAsync';
import { clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import {
  ClearmlErrorMessage,
  formatDuration,
  formatValue,
  keyMetrics,
  LineChart,
  StatusChip,
} from '../Charts';
import { ClearmlTable } from '../ClearmlTable';

const SHOWN = 5;

/** The main metric's trend in the newest experiment that reports it. */
function MainMetricSparkline(props: {
  entityRef: string;
  experiment: ClearmlExperiment;
  metric: ClearmlMetricValue;
}) {
  const { entityRef, experiment, metric } = props;
  const api = useApi(clearmlApiRef);
  const { value, loading, error } = useAsync(
    () => api.getMetricHistory(entityRef, experiment.id),
    [entityRef, experiment.id],
  );
  const series = value?.series.find(
    s => s.metric === metric.metric && s.variant === metric.variant,
  );
  const label = `${metric.metric} (${metric.variant})`;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Typography variant="body2" color="textSecondary">
        {label} in “{experiment.name}”
      </Typography>
      {loading && <Typography variant="body2">…</Typography>}
      {error && (
        <Typography variant="body2" color="textSecondary">
          (trend unavailable)
        </Typography>
      )}
      {series && <LineChart compact points={series.points} label={label} />}
    </Box>
  );
}

/** A project's latest ClearML experiments: status, key metrics, duration and links. */
export function ExperimentsCard() {
  const { entity } = useEntity();
  const api = useApi(clearmlApiRef);
  const entityRef = stringifyEntityRef(entity);
  const projectName = getClearmlProjectName(entity);
  const { value, loading, error } = useAsync(
    () => api.getExperiments(entityRef),
    [entityRef],
  );

  const withMetrics = value?.experiments.find(e => e.lastMetrics.length > 0);
  const main = withMetrics
    ? keyMetrics(withMetrics.lastMetrics, 1)[0]
    : undefined;

  return (
    <InfoCard
      title="Experiments"
      subheader={projectName ? `ClearML project ${projectName}` : undefined}
      deepLink={
        value
          ? { title: 'All experiments in ClearML', link: value.project.webUrl }
          : undefined
      }
    >
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && value.experiments.length === 0 && (
        <Typography variant="body2">
          No experiments in ClearML project “{value.project.name}” yet. Runs of
          the project's training script report here once it calls ClearML's{' '}
          <code>Task.init</code>.
        </Typography>
      )}
      {value && value.experiments.length > 0 && (
        <>
          {withMetrics && main && (
            <MainMetricSparkline
              entityRef={entityRef}
              experiment={withMetrics}
              metric={main}
            />
          )}
          <ClearmlTable
            label="Experiments"
            columns={['Experiment', 'Status', 'Key metrics', 'Duration']}
            rows={value.experiments.slice(0, SHOWN)}
            cells={e => [
              <StatusChip status={e.status} />,
              e.lastMetrics.length === 0
                ? '—'
                : keyMetrics(e.lastMetrics)
                    .map(
                      m => `${m.metric} (${m.variant}) ${formatValue(m.value)}`,
                    )
                    .join(', '),
              formatDuration(e.durationSeconds),
            ]}
          />
          {value.experiments.length > SHOWN && (
            <Typography variant="caption" color="textSecondary">
              {value.experiments.length - SHOWN} more in the Experiments tab.
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
}
