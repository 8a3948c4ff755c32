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

type FacetField = 'task' | 'category' | 'owner';

/** One select filter of `filters[field]`: "All …" first, then each option. */
const FacetSelect = (props: {
  field: FacetField;
  label: string;
  allLabel: string;
  filters: ComponentFilters;
  options: { value: string; label: string }[];
  onChange: (filters: ComponentFilters) => void;
}) => (
  <TextField
    select
    SelectProps={{ displayEmpty: true }}
    InputLabelProps={{ shrink: true }}
    id={`atomic-catalog-${props.field}`}
    label={props.label}
    variant="outlined"
    size="small"
    style={{ minWidth: 200 }}
    value={props.filters[props.field]}
    onChange={e =>
      props.onChange({ ...props.filters, [props.field]: e.target.value })
    }
  >
    <MenuItem value="">{props.allLabel}</MenuItem>
    {props.options.map(option => (
      <MenuItem key={option.value} value={option.value}>
        {option.label}
      </MenuItem>
    ))}
  </TextField>
);

/** Each value as an option labelled with its title and how many components it has (0 when unknown). */
const countedOptions = <T extends string>(
  values: readonly T[],
  counts: Counts | undefined,
  title: (value: T) => string = value => value,
) =>
  values.map(value => ({
    value,
    label: `${title(value)} (${counts?.[value] ?? 0})`,
  }));

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
        field="task"
        label="Task"
        allLabel="All tasks"
        filters={filters}
        options={countedOptions(
          TASKS,
          facets.value?.tags,
          task => TASK_TITLES[task],
        )}
        onChange={onChange}
      />
      <FacetSelect
        field="category"
        label="Category"
        allLabel="All categories"
        filters={filters}
        options={countedOptions(CATEGORIES, facets.value?.categories)}
        onChange={onChange}
      />
      <FacetSelect
        field="owner"
        label="Owner"
        allLabel="All owners"
        filters={filters}
        options={[
          ...countedOptions(
            Object.keys(facets.value?.owners ?? {}),
            facets.value?.owners,
            owners,
          ),
          // An owner chosen before (in the address) that has no component now.
          ...(filters.owner && !facets.value?.owners[filters.owner]
            ? [{ value: filters.owner, label: owners(filters.owner) }]
            : []),
        ]}
        onChange={onChange}
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
