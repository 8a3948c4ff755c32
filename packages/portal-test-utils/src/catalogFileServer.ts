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

/** Serves one Component, `sales-forecast`, owned by the researchers. */
export async function serveCatalogFile(): Promise<CatalogFileServer> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/yaml');
    res.end(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: sales-forecast',
        'spec:',
        '  type: service',
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
