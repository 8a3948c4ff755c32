import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A catalog file served over HTTP on loopback, as a GitLab URL would serve it. */
export interface CatalogFileServer {
  /** `127.0.0.1:<port>`, for `backend.reading.allow`. */
  host: string;
  /** The file's URL, to register as a location. */
  url: string;
  close(): void;
}

/**
 * Serves one project, `sales-forecast`, owned by the researchers: a Component of type ml-project at the
 * page level, as "Create project" writes it (a location registered at run time may bring in nothing
 * else; see app-config.yaml's catalog.rules).
 */
export async function serveCatalogFile(): Promise<CatalogFileServer> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/yaml');
    res.end(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: sales-forecast',
        '  labels:',
        '    mlops-portal.io/level: page',
        'spec:',
        '  type: ml-project',
        '  lifecycle: experimental',
        '  owner: group:default/researchers',
      ].join('\n'),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}/catalog-info.yaml`,
    close: () => server.close(),
  };
}
