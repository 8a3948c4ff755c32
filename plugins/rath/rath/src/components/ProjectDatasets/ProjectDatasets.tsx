import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { CLEARML_PROJECT_ANNOTATION } from '@mlops-portal/plugin-clearml-common';
import useAsync from 'react-use/esm/useAsync';
import { DatasetExplorer } from '../DatasetExplorer';

/**
 * On the Explore data page: pick a catalog project that names a ClearML project, and explore its dataset
 * preview in the portal (the same view as the project's Explore dataset tab).
 */
export function ProjectDatasets() {
  const catalogApi = useApi(catalogApiRef);
  const projects = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: {
        [`metadata.annotations.${CLEARML_PROJECT_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
    });
    return items.sort((a, b) =>
      stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
    );
  }, [catalogApi]);
  const [chosen, setChosen] = useState<string>();

  if (projects.loading) {
    return <Progress />;
  }
  if (projects.error) {
    return (
      <Box role="alert" px={3} py={2}>
        <Typography variant="subtitle1">Could not list the projects</Typography>
        <Typography variant="body2" color="textSecondary">
          {projects.error.message}
        </Typography>
      </Box>
    );
  }
  const items = projects.value ?? [];
  if (items.length === 0) {
    return (
      <Box px={3} py={2}>
        <Typography variant="body2" color="textSecondary">
          No project in the catalog names a ClearML project yet (annotation{' '}
          <code>{CLEARML_PROJECT_ANNOTATION}</code>), so there is no dataset to
          explore in the portal.
        </Typography>
      </Box>
    );
  }
  const entity = items.find(e => stringifyEntityRef(e) === chosen) ?? items[0];
  return (
    <Box px={3} pt={2}>
      <TextField
        select
        id="rath-project"
        label="Project"
        value={stringifyEntityRef(entity)}
        onChange={e => setChosen(e.target.value)}
        variant="outlined"
        size="small"
        style={{ minWidth: 280, marginBottom: 16 }}
      >
        {items.map(e => (
          <MenuItem key={stringifyEntityRef(e)} value={stringifyEntityRef(e)}>
            {e.metadata.title ?? e.metadata.name}
          </MenuItem>
        ))}
      </TextField>
      <EntityProvider key={stringifyEntityRef(entity)} entity={entity}>
        <DatasetExplorer />
      </EntityProvider>
    </Box>
  );
}
