import { ReactNode } from 'react';
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

/** What a page that frames a web app served by the edge says and shows. */
export interface EdgeAppPageProps {
  title: string;
  subtitle: string;
  /** The app's path on the portal's own origin, where the edge serves it (see deploy/nginx). */
  path: string;
  /** The app's name in sentences ("ClearML"), and the iframe's accessible title. */
  appName: string;
  frameTitle: string;
  /** Why nothing serves `path` here and where to look instead. */
  notServedText: ReactNode;
  /** Said above the frame, before the "open in a new tab" hint. */
  frameNote?: ReactNode;
  /** Shown above the app (or above the sentence that nothing serves it), whether or not the edge serves it. */
  children?: ReactNode;
}

/**
 * A web app framed from the portal's own origin. Where no edge serves its path (the embedded defaults),
 * it says so instead of framing the portal into itself.
 */
export function EdgeAppPage(props: EdgeAppPageProps) {
  const { title, subtitle, path, appName, frameTitle } = props;
  const served = useServedByEdge(path);
  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content noPadding>
        {props.children}
        {served.loading && <Progress />}
        {served.value === false && (
          <Box px={3} py={2} role="status">
            <Typography variant="h6">{appName} is not served here</Typography>
            <Typography variant="body2">{props.notServedText}</Typography>
          </Box>
        )}
        {(served.value === true || served.error) && (
          <Box display="flex" flexDirection="column" height="100%">
            <Box px={3} py={1}>
              <Typography variant="body2" color="textSecondary">
                {props.frameNote}
                {props.frameNote && ' '}
                If the frame stays empty, {appName} is not reachable from here:{' '}
                <Link to={path} target="_blank" rel="noopener">
                  open {appName} in a new tab
                </Link>{' '}
                to see why.
              </Typography>
            </Box>
            <iframe
              title={frameTitle}
              src={path}
              style={{ border: 0, flex: 1, minHeight: 'calc(100vh - 200px)' }}
            />
          </Box>
        )}
      </Content>
    </Page>
  );
}
