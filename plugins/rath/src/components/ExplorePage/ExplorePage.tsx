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

/** Where the edge proxy serves Rath's web client, on the portal's own origin (see deploy/nginx). */
export const RATH_PATH = '/rath/';

/**
 * Rath inside the portal. Rath's production build sends uploaded data to third-party servers; the edge
 * serves it under /rath/ with a Content-Security-Policy whose `connect-src 'self'` blocks that, so data
 * explored here stays on the portal's origin.
 */
export function ExplorePage() {
  const served = useServedByEdge(RATH_PATH);
  return (
    <Page themeId="tool">
      <Header
        title="Explore data"
        subtitle="Rath: automated exploratory analysis and visualisation of a dataset"
      />
      <Content noPadding>
        {served.loading && <Progress />}
        {served.value === false && (
          <Box px={3} py={2} role="status">
            <Typography variant="h6">Rath is not served here</Typography>
            <Typography variant="body2">
              Nothing answers {RATH_PATH} on this portal's address. In a
              deployment the edge serves Rath there, behind the portal's login
              and with a policy that keeps the data you load in the portal
              (deploy/nginx); on the embedded defaults there is none.
            </Typography>
          </Box>
        )}
        {(served.value === true || served.error) && (
          <Box display="flex" flexDirection="column" height="100%">
            <Box px={3} py={1}>
              <Typography variant="body2" color="textSecondary">
                Data you load here stays in the portal: Rath may only talk to
                the portal's own origin. If the frame stays empty, Rath is not
                reachable from here:{' '}
                <Link to={RATH_PATH} target="_blank" rel="noopener">
                  open Rath in a new tab
                </Link>{' '}
                to see why.
              </Typography>
            </Box>
            <iframe
              title="Rath"
              src={RATH_PATH}
              style={{ border: 0, flex: 1, minHeight: 'calc(100vh - 200px)' }}
            />
          </Box>
        )}
      </Content>
    </Page>
  );
}
