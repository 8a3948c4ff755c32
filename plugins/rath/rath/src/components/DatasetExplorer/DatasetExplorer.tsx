import { Component, lazy, ReactNode, Suspense, useState } from 'react';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ClearmlDatasetVersion } from '@mlops-portal/plugin-clearml-common';
import { ClearmlApi, clearmlApiRef } from '@mlops-portal/plugin-clearml-react';
import useAsync from 'react-use/esm/useAsync';

/** What the explorer asks the portal's ClearML backend. */
type DatasetPreviewApi = Pick<ClearmlApi, 'getDatasets' | 'getDatasetPreview'>;

// Graphic Walker is big (about 5 MB): it loads only when a preview is on screen.
const GraphicWalkerView = lazy(() => import('./GraphicWalkerView'));

/** The portal backend's sentence under a title a researcher understands. */
function ErrorMessage(props: { what: string; error: Error }) {
  const { error } = props;
  let title = `Could not load ${props.what}`;
  let detail = error.message;
  if (error instanceof ResponseError) {
    detail = error.body?.error?.message ?? error.message;
    const status = error.response.status;
    if (status === 503) title = 'ClearML is unavailable';
    if (status === 403) title = `No access to ${props.what}`;
    if (status === 404) title = `No ${props.what} in ClearML`;
  }
  return (
    <Box role="alert" py={1}>
      <Typography variant="subtitle1">{title}</Typography>
      <Typography variant="body2" color="textSecondary">
        {detail}
      </Typography>
    </Box>
  );
}

function Status(props: { title: string; children: ReactNode }) {
  return (
    <Box role="status" py={1}>
      <Typography variant="subtitle1">{props.title}</Typography>
      <Typography variant="body2" color="textSecondary">
        {props.children}
      </Typography>
    </Box>
  );
}

/** Keeps a failure inside the explorer (its chunk not loading, a rendering error) from blanking the page. */
class ExplorerBoundary extends Component<
  { children: ReactNode },
  { error?: Error }
> {
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  state: { error?: Error } = {};
  render() {
    return this.state.error ? (
      <ErrorMessage what="the explorer" error={this.state.error} />
    ) : (
      this.props.children
    );
  }
}

const versionLabel = (d: ClearmlDatasetVersion) =>
  `${d.name}${d.version ? ` ${d.version}` : ''}`;

function Preview(props: {
  api: DatasetPreviewApi;
  entityRef: string;
  dataset: ClearmlDatasetVersion;
}) {
  const { api, entityRef, dataset } = props;
  const preview = useAsync(
    () => api.getDatasetPreview(entityRef, dataset.id),
    [api, entityRef, dataset.id],
  );
  if (preview.loading) {
    return <Progress />;
  }
  if (preview.error) {
    return <ErrorMessage what="the dataset preview" error={preview.error} />;
  }
  const { columns, rows } = preview.value!;
  if (columns.length === 0 || rows.length === 0) {
    return (
      <Status title="No preview of this version">
        ClearML keeps no table preview of {versionLabel(dataset)}. ClearML Data
        records one when a version holding CSV, TSV or Parquet files is
        finalized with pandas installed and the dataset stored on ClearML's file
        server. <Link to={dataset.webUrl}>Open the version in ClearML</Link>.
      </Status>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        The first {rows.length} rows of {versionLabel(dataset)} (
        {columns.length} columns), as ClearML previewed them. Drag columns onto
        the axes to chart them; nothing leaves the portal.{' '}
        <Link to={dataset.webUrl}>Open the version in ClearML</Link>
      </Typography>
      <ExplorerBoundary>
        <Suspense fallback={<Progress />}>
          <Box aria-label="Dataset explorer" role="region">
            <GraphicWalkerView columns={columns} rows={rows} />
          </Box>
        </Suspense>
      </ExplorerBoundary>
    </>
  );
}

/**
 * "Explore the dataset": a dataset version of the entity's ClearML project, its preview rows explored with
 * Graphic Walker inside the portal.
 */
export function DatasetExplorer() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api: DatasetPreviewApi = useApi(clearmlApiRef);
  const datasets = useAsync(() => api.getDatasets(entityRef), [api, entityRef]);
  const [chosen, setChosen] = useState<string>();

  let body: ReactNode;
  if (datasets.loading) {
    body = <Progress />;
  } else if (datasets.error) {
    body = <ErrorMessage what="dataset versions" error={datasets.error} />;
  } else if (datasets.value!.datasets.length === 0) {
    body = (
      <Status title="No dataset versions yet">
        ClearML project {datasets.value!.project.name} has no datasets. Create a
        version with <code>clearml-data create</code> or{' '}
        <code>Dataset.create()</code> in the project, and it appears here.
      </Status>
    );
  } else {
    const versions = datasets.value!.datasets;
    const dataset = versions.find(d => d.id === chosen) ?? versions[0];
    body = (
      <>
        <TextField
          select
          id="rath-dataset-version"
          label="Dataset version"
          value={dataset.id}
          onChange={e => setChosen(e.target.value)}
          variant="outlined"
          size="small"
          style={{ minWidth: 280, marginBottom: 16 }}
        >
          {versions.map(d => (
            <MenuItem key={d.id} value={d.id}>
              {versionLabel(d)}
            </MenuItem>
          ))}
        </TextField>
        <Preview
          key={dataset.id}
          api={api}
          entityRef={entityRef}
          dataset={dataset}
        />
      </>
    );
  }
  return <InfoCard title="Explore the dataset">{body}</InfoCard>;
}
