import {
  Content,
  Header,
  Link,
  Page,
  Progress,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useServedByEdge } from './useServedByEdge';

/** Where the edge proxy serves ClearML's web app, on the portal's own origin (see deploy/nginx). */
export const CLEARML_UI_PATH = '/clearml/';

/**
 * ClearML's web app inside the portal. It is served by the edge under the portal's own origin, behind
 * the same login, because ClearML only lets its own origin frame it.
 */
export function ClearmlPage() {
  const served = useServedByEdge(CLEARML_UI_PATH);
  return (
    <Page themeId="tool">
      <Header
        title="ClearML"
        subtitle="Experiments, models and datasets of every project"
      />
      <Content noPadding>
        {served.loading && <Progress />}
        {served.value === false && (
          <Box px={3} py={2} role="status">
            <Typography variant="h6">ClearML is not served here</Typography>
            <Typography variant="body2">
              Nothing answers {CLEARML_UI_PATH} on this portal's address. In a
              deployment the edge serves ClearML's web app there, behind the
              portal's login (deploy/nginx); on the embedded defaults there is
              none. Each project's experiments are on its own page, in the
              Experiments card and tab.
            </Typography>
          </Box>
        )}
        {(served.value === true || served.error) && (
          <Box display="flex" flexDirection="column" height="100%">
            <Box px={3} py={1}>
              <Typography variant="body2" color="textSecondary">
                If the frame stays empty, ClearML is not reachable from here:{' '}
                <Link to={CLEARML_UI_PATH} target="_blank" rel="noopener">
                  open ClearML in a new tab
                </Link>{' '}
                to see why.
              </Typography>
            </Box>
            <iframe
              title="ClearML web app"
              src={CLEARML_UI_PATH}
              style={{ border: 0, flex: 1, minHeight: 'calc(100vh - 200px)' }}
            />
          </Box>
        )}
      </Content>
    </Page>
  );
}
