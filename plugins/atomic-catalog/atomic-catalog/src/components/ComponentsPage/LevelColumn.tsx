import { useCallback, useEffect, useState } from 'react';
import { Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  LEVEL_TITLES,
  Level,
} from '@mlops-portal/plugin-atomic-catalog-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { stackedList } from '../stackedList';
import { CARD_FIELDS } from '@mlops-portal/plugin-atomic-catalog-common';
import { ComponentFilters, fullTextFilter, levelFilter } from '../../catalog';
import { ComponentCard } from './ComponentCard';

/** How many components a column loads at a time. */
export const PAGE_SIZE = 20;

const useStyles = makeStyles(theme => ({
  list: stackedList(theme.spacing(1)),
}));

type State =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | {
      status: 'loaded';
      items: Entity[];
      total: number;
      next?: string;
      loadingMore: boolean;
      moreError?: Error;
    };

/**
 * One level of the atomic catalog: its count and its components, a page at a time. The count comes
 * from the catalog's paged query (`totalItems`), so nothing is fetched just to count.
 */
export const LevelColumn = ({
  level,
  filters,
}: {
  level: Level;
  filters: ComponentFilters;
}) => {
  const classes = useStyles();
  const catalogApi = useApi(catalogApiRef);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const title = LEVEL_TITLES[level];

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    catalogApi
      .queryEntities({
        filter: levelFilter(level, filters),
        fullTextFilter: fullTextFilter(filters.text),
        orderFields: { field: 'metadata.name', order: 'asc' },
        fields: CARD_FIELDS,
        limit: PAGE_SIZE,
      })
      .then(
        response => {
          if (!cancelled) {
            setState({
              status: 'loaded',
              items: response.items,
              total: response.totalItems,
              next: response.pageInfo.nextCursor,
              loadingMore: false,
            });
          }
        },
        error => {
          if (!cancelled) {
            setState({ status: 'error', error });
          }
        },
      );
    return () => {
      cancelled = true;
    };
  }, [catalogApi, level, filters, attempt]);

  const loadMore = useCallback(async () => {
    if (state.status !== 'loaded' || !state.next) {
      return;
    }
    const cursor = state.next;
    setState({ ...state, loadingMore: true, moreError: undefined });
    try {
      const response = await catalogApi.queryEntities({
        cursor,
        fields: CARD_FIELDS,
        limit: PAGE_SIZE,
      });
      setState(s =>
        s.status === 'loaded'
          ? {
              ...s,
              items: [...s.items, ...response.items],
              next: response.pageInfo.nextCursor,
              loadingMore: false,
            }
          : s,
      );
    } catch (error) {
      setState(s =>
        s.status === 'loaded'
          ? { ...s, loadingMore: false, moreError: error as Error }
          : s,
      );
    }
  }, [catalogApi, state]);

  const filtered =
    filters.task ||
    filters.category ||
    filters.owner ||
    filters.violations ||
    filters.text.trim();

  return (
    <Box component="section" aria-label={title} minWidth={0}>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        {state.status === 'loaded' && (
          <Chip
            size="small"
            color="primary"
            label={state.total}
            aria-label={`${state.total} ${title.toLocaleLowerCase('en-US')}`}
          />
        )}
      </Box>
      {state.status === 'loading' && <Progress />}
      {state.status === 'error' && (
        <Box role="alert">
          <Typography variant="body2" color="error">
            Could not load the {title.toLocaleLowerCase('en-US')}:{' '}
            {state.error.message}
          </Typography>
          <Button size="small" onClick={() => setAttempt(a => a + 1)}>
            Try again
          </Button>
        </Box>
      )}
      {state.status === 'loaded' && state.items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {filtered
            ? `No ${title.toLocaleLowerCase('en-US')} match these filters.`
            : `No ${title.toLocaleLowerCase('en-US')} in the catalog yet.`}
        </Typography>
      )}
      {state.status === 'loaded' && state.items.length > 0 && (
        <>
          <ul className={classes.list}>
            {state.items.map(entity => (
              <ComponentCard
                key={`${entity.kind}:${entity.metadata.namespace}/${entity.metadata.name}`}
                entity={entity}
              />
            ))}
          </ul>
          {state.moreError && (
            <Typography role="alert" variant="body2" color="error">
              Could not load more: {state.moreError.message}
            </Typography>
          )}
          {state.next && (
            <Button
              size="small"
              onClick={loadMore}
              disabled={state.loadingMore}
            >
              Show more {title.toLocaleLowerCase('en-US')} (
              {state.total - state.items.length} left)
            </Button>
          )}
        </>
      )}
    </Box>
  );
};
