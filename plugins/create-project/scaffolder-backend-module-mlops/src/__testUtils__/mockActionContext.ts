import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { JsonObject, JsonValue } from '@backstage/types';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';

/** The folders the contexts of this test file made, removed when its tests are done. */
const folders: string[] = [];
const temporaryFolder = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
// this module is imported at the top of a test file, where Jest takes hooks
afterAll(() => {
  for (const dir of folders.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A minimal ActionContext for unit tests: a real temporary workspace, captured outputs, and a
 * checkpoint store that replays recorded results like the task engine does on a retried task.
 */
export function mockActionContext<TInput extends JsonObject>(
  input: TInput,
  options: { isDryRun?: boolean; checkpoints?: Map<string, JsonValue> } = {},
) {
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = options.checkpoints ?? new Map<string, JsonValue>();
  const logger = mockServices.logger.mock();
  const workspacePath = temporaryFolder('mlops-action-');
  const ctx = {
    input,
    logger,
    workspacePath,
    isDryRun: options.isDryRun,
    task: { id: 'task-1' },
    output(name: string, value: JsonValue) {
      outputs[name] = value;
    },
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) {
        return checkpoints.get(opts.key) as T;
      }
      const value = await opts.fn();
      checkpoints.set(opts.key, value as JsonValue);
      return value;
    },
    async createTemporaryDirectory() {
      return temporaryFolder('mlops-action-tmp-');
    },
    async getInitiatorCredentials() {
      return mockCredentials.user();
    },
    // Typed loosely on purpose: each action's handler narrows its own input and output types.
  } as unknown as ActionContext<TInput, JsonObject> as never;
  return { ctx, outputs, logger, workspacePath, checkpoints };
}

/** The error a handler's run fails with, or an Error saying it succeeded when it does not fail. */
export function failureOf(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => new Error('the step succeeded'),
    (e: Error) => e,
  );
}
