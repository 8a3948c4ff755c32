import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ClearmlExperiment } from '@mlops-portal/plugin-clearml-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import { ClearmlErrorMessage, LineChart, StatusChip } from '../Charts';

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

function MetricsCard(props: { entityRef: string }) {
  const api = useApi(clearmlApiRef);
  const { value, loading, error } = useAsync(
    () => api.getExperiments(props.entityRef),
    [props.entityRef],
  );
  return (
    <InfoCard title="Metrics">
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && value.experiments.length === 0 && (
        <Typography variant="body2">
          No experiments in ClearML project “{value.project.name}” yet.
        </Typography>
      )}
      {value && value.experiments.length > 0 && (
        <MetricCharts
          entityRef={props.entityRef}
          experiments={value.experiments}
        />
      )}
    </InfoCard>
  );
}

function ModelsCard(props: { entityRef: string }) {
  const api = useApi(clearmlApiRef);
  const { value, loading, error } = useAsync(
    () => api.getModels(props.entityRef),
    [props.entityRef],
  );
  return (
    <InfoCard title="Models">
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && value.models.length === 0 && (
        <Typography variant="body2">
          No models stored in ClearML project “{value.project.name}” yet.
        </Typography>
      )}
      {value && value.models.length > 0 && (
        <Table size="small" aria-label="Models">
          <TableHead>
            <TableRow>
              <TableCell>Model</TableCell>
              <TableCell>Framework</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Created</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.models.map(m => (
              <TableRow key={m.id}>
                <TableCell>
                  <Link to={m.webUrl} target="_blank" rel="noopener">
                    {m.name}
                  </Link>
                </TableCell>
                <TableCell>{m.framework ?? '—'}</TableCell>
                <TableCell>{m.ready ? 'Published' : 'Draft'}</TableCell>
                <TableCell>{m.created?.slice(0, 10) ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}

function DatasetsCard(props: { entityRef: string }) {
  const api = useApi(clearmlApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDatasets(props.entityRef),
    [props.entityRef],
  );
  return (
    <InfoCard title="Dataset versions">
      {loading && <Progress />}
      {error && <ClearmlErrorMessage error={error} />}
      {value && value.datasets.length === 0 && (
        <Typography variant="body2">
          No ClearML datasets in project “{value.project.name}” yet.
        </Typography>
      )}
      {value && value.datasets.length > 0 && (
        <Table size="small" aria-label="Dataset versions">
          <TableHead>
            <TableRow>
              <TableCell>Dataset</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Created</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.datasets.map(d => (
              <TableRow key={d.id}>
                <TableCell>
                  <Link to={d.webUrl} target="_blank" rel="noopener">
                    {d.name}
                  </Link>
                </TableCell>
                <TableCell>{d.version ?? '—'}</TableCell>
                <TableCell>
                  <StatusChip status={d.status} />
                </TableCell>
                <TableCell>{d.created?.slice(0, 10) ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
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
        <MetricsCard entityRef={entityRef} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ModelsCard entityRef={entityRef} />
      </Grid>
      <Grid item xs={12} md={6}>
        <DatasetsCard entityRef={entityRef} />
      </Grid>
    </Grid>
  );
}
