import http from 'http';
import { AddressInfo } from 'net';

/**
 * A ClearML API double on loopback: `auth.login` with HTTP Basic credentials, then
 * `projects.get_all` / `projects.create` with the bearer token, answering in ClearML's
 * `{ meta, data }` envelope.
 */
export async function startClearmlDouble(options: {
  accessKey: string;
  secretKey: string;
}) {
  const projects: { id: string; name: string; description?: string }[] = [];
  const calls: { endpoint: string; authorization?: string; body: any }[] = [];
  const token = 'clearml-double-token';
  const reply = (
    res: http.ServerResponse,
    code: number,
    data?: object,
    msg = 'OK',
  ) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        meta: { result_code: code, result_subcode: 0, result_msg: msg },
        data: data ?? {},
      }),
    );
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const endpoint = (req.url ?? '').replace(/^\//, '');
      const body = raw ? JSON.parse(raw) : {};
      calls.push({ endpoint, authorization: req.headers.authorization, body });
      if (endpoint === 'auth.login') {
        const expected = `Basic ${Buffer.from(
          `${options.accessKey}:${options.secretKey}`,
        ).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          reply(
            res,
            401,
            undefined,
            'Unauthorized (invalid credentials) (failed to locate provided credentials)',
          );
          return;
        }
        reply(res, 200, { token });
        return;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        reply(res, 401, undefined, 'Unauthorized (missing credentials)');
        return;
      }
      if (endpoint === 'projects.get_all') {
        const pattern = new RegExp(body.name ?? '.*');
        reply(res, 200, {
          projects: projects.filter(p => pattern.test(p.name)),
        });
        return;
      }
      if (endpoint === 'projects.create') {
        if (projects.some(p => p.name === body.name)) {
          reply(
            res,
            400,
            undefined,
            `Project with the same name already exists (name=${body.name})`,
          );
          return;
        }
        const id = `p${projects.length + 1}${Math.random()
          .toString(16)
          .slice(2, 10)}`;
        projects.push({ id, name: body.name, description: body.description });
        reply(res, 200, { id });
        return;
      }
      reply(res, 400, undefined, `Invalid endpoint ${endpoint}`);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    projects,
    calls,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
