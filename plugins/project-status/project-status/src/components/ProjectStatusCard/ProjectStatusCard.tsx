import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  Baseline,
  LatestPipeline,
  PipelineStatus,
} from '@mlops-portal/plugin-project-status-common';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { projectStatusApiRef } from '../../api';

/** While a pipeline runs the card asks again this often. */
const REFRESH_MS = 5_000;
const UNFINISHED: PipelineStatus[] = [
  'created',
  'waiting_for_resource',
  'preparing',
  'pending',
  'running',
];

const WORDS: Partial<Record<PipelineStatus, string>> = {
  success: 'passed',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  created: 'created',
  canceled: 'canceled',
  skipped: 'skipped',
  manual: 'manual',
};

function StatusChip(props: { status: PipelineStatus; label?: string }) {
  const { status, label } = props;
  const colours: Partial<Record<PipelineStatus, string>> = {
    success: '#2e7d32',
    failed: '#c62828',
  };
  const colour = colours[status];
  return (
    <Chip
      size="small"
      label={`${label ? `${label}: ` : ''}${WORDS[status] ?? status}`}
      style={colour ? { backgroundColor: colour, color: '#fff' } : undefined}
    />
  );
}

function PipelineSection(props: {
  pipeline?: LatestPipeline;
  projectUrl: string;
}) {
  const { pipeline, projectUrl } = props;
  if (!pipeline) {
    return (
      <Typography variant="body2">
        No pipeline on the default branch yet.{' '}
        <Link to={projectUrl}>Open the project in GitLab</Link>
      </Typography>
    );
  }
  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <Typography variant="subtitle2">
          <Link to={pipeline.webUrl}>Pipeline #{pipeline.id}</Link> on{' '}
          {pipeline.ref}
        </Typography>
        <StatusChip status={pipeline.status} />
      </Box>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 4 }}
        aria-label="Stages"
      >
        {pipeline.stages.map(s => (
          <StatusChip key={s.name} status={s.status} label={s.name} />
        ))}
      </Box>
    </Box>
  );
}

function DatasetVersion(props: { baseline: Baseline }) {
  const { datasetVersion, datasetUrl } = props.baseline;
  if (!datasetVersion) return <>the bundled sample</>;
  if (!datasetUrl) return <>{datasetVersion}</>;
  return <Link to={datasetUrl}>{datasetVersion}</Link>;
}

function BaselineSection(props: {
  baseline?: Baseline;
  pipeline?: LatestPipeline;
}) {
  const { baseline, pipeline } = props;
  if (!baseline) {
    const waiting = pipeline && UNFINISHED.includes(pipeline.status);
    return (
      <Typography variant="body2" color="textSecondary">
        {waiting
          ? 'The first baseline appears here when the train job has finished.'
          : 'No baseline yet: the train job of the latest pipeline has not left reports/baseline.json.'}
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="subtitle2">Baseline to beat</Typography>
      <Typography variant="h5" component="p">
        {baseline.metric} {Number(baseline.score.toPrecision(4))}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        held-out score, {baseline.higherIsBetter ? 'higher' : 'lower'} is better
      </Typography>
      <Typography variant="body2">Model: {baseline.model}</Typography>
      <Typography variant="body2">
        Dataset version: <DatasetVersion baseline={baseline} />
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {baseline.source === 'clearml'
          ? 'Read from the run in ClearML'
          : "Read from the train job's report in GitLab"}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {baseline.runUrl && (
          <Typography variant="body2">
            <Link to={baseline.runUrl}>The run in ClearML</Link>
          </Typography>
        )}
        {baseline.jobUrl && (
          <Typography variant="body2">
            <Link to={baseline.jobUrl}>The train job in GitLab</Link>
          </Typography>
        )}
      </Box>
    </Box>
  );
}

/** The latest pipeline of the project's default branch and the first baseline it produced. */
export function ProjectStatusCard() {
  const { entity } = useEntity();
  const api = useApi(projectStatusApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getStatus(entityRef),
    [api, entityRef],
  );
  const unfinished =
    value?.pipeline !== undefined && UNFINISHED.includes(value.pipeline.status);
  useEffect(() => {
    if (!unfinished) return undefined;
    const timer = setTimeout(retry, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [unfinished, retry, value]);

  return (
    <InfoCard title="Pipeline and baseline">
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <PipelineSection
            pipeline={value.pipeline}
            projectUrl={value.projectUrl}
          />
          <BaselineSection
            baseline={value.baseline}
            pipeline={value.pipeline}
          />
        </>
      )}
    </InfoCard>
  );
}
