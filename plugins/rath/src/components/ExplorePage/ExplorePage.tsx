import { Content, Header, Link, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Where the edge proxy serves Rath's web client, on the portal's own origin (see deploy/nginx). */
export const RATH_PATH = '/rath/';

/**
 * Rath inside the portal. Rath's production build sends uploaded data to third-party servers; the edge
 * serves it under /rath/ with a Content-Security-Policy whose `connect-src 'self'` blocks that, so data
 * explored here stays on the portal's origin.
 */
export function ExplorePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Explore data"
        subtitle="Rath: automated exploratory analysis and visualisation of a dataset"
      />
      <Content noPadding>
        <Box display="flex" flexDirection="column" height="100%">
          <Box px={3} py={1}>
            <Typography variant="body2" color="textSecondary">
              Data you load here stays in the portal: Rath may only talk to the portal's own origin.
              If the frame stays empty, Rath is not reachable from here:{' '}
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
      </Content>
    </Page>
  );
}
