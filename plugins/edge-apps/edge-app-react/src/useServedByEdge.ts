import useAsync from 'react-use/esm/useAsync';

/**
 * Whether something other than the portal answers `path` on the portal's origin. Where no edge serves
 * it (the embedded defaults), the portal's backend answers with its own app page, and framing that would
 * show the portal inside itself.
 */
export function useServedByEdge(path: string) {
  return useAsync(async () => {
    const [route, portal] = await Promise.all(
      [path, '/'].map(p =>
        fetch(p, { credentials: 'same-origin' }).then(async res => ({
          ok: res.ok,
          body: await res.text(),
        })),
      ),
    );
    return route.ok && route.body !== portal.body;
  }, [path]);
}
