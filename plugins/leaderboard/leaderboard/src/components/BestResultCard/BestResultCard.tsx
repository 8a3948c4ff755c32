import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { TASK_TITLES } from '@mlops-portal/plugin-atomic-catalog-common';
import Typography from '@material-ui/core/Typography';
import { ReadCard } from '@mlops-portal/portal-fetch';
import useAsync from 'react-use/esm/useAsync';
import { leaderboardApiRef } from '../../api';
import { formatDate, formatScore, freshnessText, ordinal } from '../format';

/** On a component's page: the best result it was part of (a winning run that used it). */
export const BestResultCard = () => {
  const { entity } = useEntity();
  const api = useApi(leaderboardApiRef);
  const ref = stringifyEntityRef(entity);
  const result = useAsync(() => api.getComponentBest(ref), [api, ref]);
  const best = result.value?.best;

  return (
    <ReadCard
      title="Best result"
      state={result}
      failure="Could not load the best result of this component"
    >
      {result.value && !best && (
        <Typography variant="subtitle1" component="p">
          Not part of a winning run in any project you can see yet
        </Typography>
      )}
      {best && (
        <>
          <Typography variant="subtitle1" component="p">
            {best.run.metric} {formatScore(best.run.score)} —{' '}
            {ordinal(best.rank)} of {best.of} on{' '}
            {TASK_TITLES[best.run.task].toLowerCase()}
          </Typography>
          <Typography variant="body2" component="p">
            In{' '}
            <EntityRefLink
              entityRef={best.run.project.entityRef}
              title={best.run.project.title}
            />
            's winning run of {formatDate(best.run.completed)}, on dataset
            version {best.run.dataset.label}.{' '}
            <Link to={best.run.webUrl}>Open the run in ClearML</Link>
          </Typography>
        </>
      )}
      {result.value && (
        <Typography variant="caption" color="textSecondary">
          {freshnessText(result.value)}
        </Typography>
      )}
    </ReadCard>
  );
};
