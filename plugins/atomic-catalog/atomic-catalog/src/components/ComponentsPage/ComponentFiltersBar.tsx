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

/** One select filter: "All …" first, then each option. */
const FacetSelect = (props: {
  id: string;
  label: string;
  allLabel: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) => (
  <TextField
    select
    SelectProps={{ displayEmpty: true }}
    InputLabelProps={{ shrink: true }}
    id={props.id}
    label={props.label}
    variant="outlined"
    size="small"
    style={{ minWidth: 200 }}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
  >
    <MenuItem value="">{props.allLabel}</MenuItem>
    {props.options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

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
      <FacetSelect
        id="atomic-catalog-task"
        label="Task"
        allLabel="All tasks"
        value={filters.task}
        options={TASKS.map(task => ({
          value: task,
          label: withCount(TASK_TITLES[task], facets.value?.tags[task] ?? 0),
        }))}
        onChange={task => onChange({ ...filters, task })}
      />
      <FacetSelect
        id="atomic-catalog-category"
        label="Category"
        allLabel="All categories"
        value={filters.category}
        options={CATEGORIES.map(category => ({
          value: category,
          label: withCount(category, facets.value?.categories[category] ?? 0),
        }))}
        onChange={category => onChange({ ...filters, category })}
      />
      <FacetSelect
        id="atomic-catalog-owner"
        label="Owner"
        allLabel="All owners"
        value={filters.owner}
        options={[
          ...Object.entries(facets.value?.owners ?? {}).map(
            ([owner, count]) => ({
              value: owner,
              label: withCount(owners(owner), count),
            }),
          ),
          // An owner chosen before (in the address) that has no component now.
          ...(filters.owner && !facets.value?.owners[filters.owner]
            ? [{ value: filters.owner, label: owners(filters.owner) }]
            : []),
        ]}
        onChange={owner => onChange({ ...filters, owner })}
      />
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
