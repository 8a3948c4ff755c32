import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import { ReadCard } from '@mlops-portal/portal-fetch';
import useAsync from 'react-use/esm/useAsync';
import { reuseApiRef } from '../../api';

const projectsText = (n: number) => `${n} ${n === 1 ? 'project' : 'projects'}`;

/** On a component's page: how many projects use it, with links to them. */
export const UsedByCard = () => {
  const { entity } = useEntity();
  const reuseApi = useApi(reuseApiRef);
  const ref = stringifyEntityRef(entity);
  const users = useAsync(() => reuseApi.getUsers(ref), [reuseApi, ref]);

  return (
    <ReadCard
      title="Projects using it"
      state={users}
      failure="Could not load the projects that use this component"
    >
      {users.value && (
        <>
          <Typography variant="subtitle1" component="p">
            {users.value.usage === 0
              ? 'No project uses it yet'
              : `Used by ${projectsText(users.value.usage)}`}
          </Typography>
          {users.value.usage > 0 && (
            <List dense>
              {users.value.projects.map(project => (
                <ListItem key={project.ref}>
                  <EntityRefLink
                    entityRef={project.ref}
                    title={project.title}
                  />
                </ListItem>
              ))}
            </List>
          )}
          <Typography variant="caption" color="textSecondary">
            From each project's pipeline.json and requirements-components.txt,
            read on every catalog refresh.
          </Typography>
        </>
      )}
    </ReadCard>
  );
};
