import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  CATEGORIES,
  TASKS,
  TASK_TITLES,
} from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { CATEGORY_FIELD, ComponentFilters, LEVEL_FIELD } from '../../catalog';

type Counts = Record<string, number>;

function owners(value: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(value, { defaultKind: 'group' }), {
      defaultKind: 'group',
    });
  } catch {
    return value;
  }
}

/** Task, category, owner and text filters, with counts from the catalog's facets. */
export const ComponentFiltersBar = ({
  filters,
  onChange,
}: {
  filters: ComponentFilters;
  onChange: (filters: ComponentFilters) => void;
}) => {
  const catalogApi = useApi(catalogApiRef);
  const [text, setText] = useState(filters.text);

  useDebounce(
    () => {
      if (text !== filters.text) {
        onChange({ ...filters, text });
      }
    },
    300,
    [text],
  );
  useEffect(() => setText(filters.text), [filters.text]);

  const facets = useAsync(async () => {
    const response = await catalogApi.getEntityFacets({
      filter: { [LEVEL_FIELD]: CATALOG_FILTER_EXISTS },
      facets: ['metadata.tags', CATEGORY_FIELD, 'spec.owner'],
    });
    const toCounts = (facet: string): Counts =>
      Object.fromEntries(
        (response.facets[facet] ?? []).map(f => [f.value, f.count]),
      );
    return {
      tags: toCounts('metadata.tags'),
      categories: toCounts(CATEGORY_FIELD),
      owners: toCounts('spec.owner'),
    };
  }, [catalogApi]);

  const withCount = (label: string, count: number | undefined) =>
    count === undefined ? label : `${label} (${count})`;

  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter components"
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      mb={2}
      style={{ gap: 16 }}
      onSubmit={e => e.preventDefault()}
    >
      <TextField
        id="atomic-catalog-search"
        label="Search"
        placeholder="Name or description"
        variant="outlined"
        size="small"
        value={text}
        onChange={e => setText(e.target.value)}
      />
      <TextField
        select
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        id="atomic-catalog-task"
        label="Task"
        variant="outlined"
        size="small"
        style={{ minWidth: 200 }}
        value={filters.task}
        onChange={e => onChange({ ...filters, task: e.target.value })}
      >
        <MenuItem value="">All tasks</MenuItem>
        {TASKS.map(task => (
          <MenuItem key={task} value={task}>
            {withCount(TASK_TITLES[task], facets.value?.tags[task] ?? 0)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        id="atomic-catalog-category"
        label="Category"
        variant="outlined"
        size="small"
        style={{ minWidth: 200 }}
        value={filters.category}
        onChange={e => onChange({ ...filters, category: e.target.value })}
      >
        <MenuItem value="">All categories</MenuItem>
        {CATEGORIES.map(category => (
          <MenuItem key={category} value={category}>
            {withCount(category, facets.value?.categories[category] ?? 0)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        id="atomic-catalog-owner"
        label="Owner"
        variant="outlined"
        size="small"
        style={{ minWidth: 200 }}
        value={filters.owner}
        onChange={e => onChange({ ...filters, owner: e.target.value })}
      >
        <MenuItem value="">All owners</MenuItem>
        {Object.entries(facets.value?.owners ?? {}).map(([owner, count]) => (
          <MenuItem key={owner} value={owner}>
            {withCount(owners(owner), count)}
          </MenuItem>
        ))}
        {filters.owner && !facets.value?.owners[filters.owner] && (
          <MenuItem value={filters.owner}>{owners(filters.owner)}</MenuItem>
        )}
      </TextField>
      <FormControlLabel
        control={
          <Checkbox
            checked={filters.violations}
            onChange={e =>
              onChange({ ...filters, violations: e.target.checked })
            }
          />
        }
        label="Only with rule violations"
      />
      {facets.error && (
        <Typography role="alert" variant="body2" color="error">
          Could not load the owners and counts: {facets.error.message}
        </Typography>
      )}
    </Box>
  );
};
