import { run } from './run';

describe('run', () => {
  it('gives the exit code and message of a command that stops before reading all its input', async () => {
    // 16 MiB is more than a pipe holds: the command exits while the rest is still being written.
    const input = Buffer.alloc(16 * 1024 * 1024, 'x');
    const result = await run('sh', ['-c', 'echo "bad pack" >&2; exit 3'], {
      input,
    });
    expect(result).toMatchObject({ code: 3, stderr: 'bad pack\n' });
  });

  it('passes its input to a command that reads it', async () => {
    const result = await run('wc', ['-c'], { input: Buffer.from('12345') });
    expect(result.stdout.toString().trim()).toBe('5');
  });
});
