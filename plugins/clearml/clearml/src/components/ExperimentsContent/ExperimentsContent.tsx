import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  ClearmlExperiment,
  ClearmlProjectSummary,
} from '@mlops-portal/plugin-clearml-common';
import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ClearmlApi, clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import { ClearmlErrorMessage, LineChart, StatusChip } from '../Charts';
import { ClearmlTable } from '../ClearmlTable';

function MetricCharts(props: {
  entityRef: string;
  experiments: ClearmlExperiment[];
}) {
  const { entityRef, experiments } = props;
  const api = useApi(clearmlApiRef);
  const [selected, setSelected] = useState(
    (experiments.find(e => e.lastMetrics.length > 0) ?? experiments[0]).id,
  );
  const experiment = experiments.find(e => e.id === selected)!;
  const { value, loading, error } = useAsync(
    () => api.getMetricHistory(entityRef, selected),
    [entityRef, selected],
  );
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 16 }} mb={2}>
        <TextField
          select
          id="clearml-experiment"
          label="Experiment"
          value={selected}
          onChange={e => setSelected(e.target.value)}
          style={{ minWidth: 320 }}
        >
          {experiments.map(e => (
            <MenuItem key={e.id} value={e.id}>
              {e.name}
            </MenuItem>
          ))}
        </TextField>
        <StatusChip status={experiment.status} />
        <Link to={experiment.webUrl} target="_blank" rel="noopener">
          Open in ClearML
        </Link>
      </Box>
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && value.series.length === 0 && (
        <Typography variant="body2">
          “{experiment.name}” has reported no scalars.
        </Typography>
      )}
      {value && value.series.length > 0 && (
        <Grid container spacing={2}>
          {value.series.map(s => (
            <Grid item key={`${s.metric}/${s.variant}`}>
              <Typography variant="subtitle2">
                {s.metric} ({s.variant})
              </Typography>
              <LineChart
                points={s.points}
                label={`${s.metric} (${s.variant})`}
              />
            </Grid>
          ))}
        </Grid>
      )}
    </>
  );
}

/**
 * A card of the tab: progress while `read` runs, then its error, the `empty` sentence when the project
 * has nothing of the kind yet, or `children` of what it has.
 */
function ProjectCard<R extends { project: ClearmlProjectSummary }, T>(props: {
  title: string;
  entityRef: string;
  read: (api: ClearmlApi, entityRef: string) => Promise<R>;
  items: (value: R) => T[];
  empty: (projectName: string) => string;
  children: (items: T[]) => ReactNode;
}) {
  const { title, entityRef, read, items, empty, children } = props;
  const api = useApi(clearmlApiRef);
  const { value, loading, error } = useAsync(
    () => read(api, entityRef),
    [entityRef],
  );
  const list = value ? items(value) : [];
  return (
    <InfoCard title={title}>
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && list.length === 0 && (
        <Typography variant="body2">{empty(value.project.name)}</Typography>
      )}
      {value && list.length > 0 && children(list)}
    </InfoCard>
  );
}

/** The Experiments tab: metric charts, models and dataset versions of the entity's ClearML project. */
export function ExperimentsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ProjectCard
          title="Metrics"
          entityRef={entityRef}
          read={(api, ref) => api.getExperiments(ref)}
          items={value => value.experiments}
          empty={name => `No experiments in ClearML project “${name}” yet.`}
        >
          {experiments => (
            <MetricCharts entityRef={entityRef} experiments={experiments} />
          )}
        </ProjectCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ProjectCard
          title="Models"
          entityRef={entityRef}
          read={(api, ref) => api.getModels(ref)}
          items={value => value.models}
          empty={name => `No models stored in ClearML project “${name}” yet.`}
        >
          {models => (
            <ClearmlTable
              label="Models"
              columns={['Model', 'Framework', 'State', 'Created']}
              rows={models}
              cells={m => [
                m.framework ?? '—',
                m.ready ? 'Published' : 'Draft',
                m.created?.slice(0, 10) ?? '—',
              ]}
            />
          )}
        </ProjectCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <ProjectCard
          title="Dataset versions"
          entityRef={entityRef}
          read={(api, ref) => api.getDatasets(ref)}
          items={value => value.datasets}
          empty={name => `No ClearML datasets in project “${name}” yet.`}
        >
          {datasets => (
            <ClearmlTable
              label="Dataset versions"
              columns={['Dataset', 'Version', 'Status', 'Created']}
              rows={datasets}
              cells={d => [
                d.version ?? '—',
                <StatusChip status={d.status} />,
                d.created?.slice(0, 10) ?? '—',
              ]}
            />
          )}
        </ProjectCard>
      </Grid>
    </Grid>
  );
}
