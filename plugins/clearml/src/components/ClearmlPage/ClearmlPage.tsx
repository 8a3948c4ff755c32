import { Content, Header, Link, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Where the edge proxy serves ClearML's web app, on the portal's own origin (see deploy/nginx). */
export const CLEARML_UI_PATH = '/clearml/';

/**
 * ClearML's web app inside the portal. It is served by the edge under the portal's own origin, behind
 * the same login, because ClearML only lets its own origin frame it.
 */
export function ClearmlPage() {
  return (
    <Page themeId="tool">
      <Header
        title="ClearML"
        subtitle="Experiments, models and datasets of every project"
      />
      <Content noPadding>
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
      </Content>
    </Page>
  );
}
