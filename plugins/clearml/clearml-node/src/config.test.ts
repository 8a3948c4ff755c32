import { ConfigReader } from '@backstage/config';
import { readClearmlConfig } from './config';

const complete = {
  apiUrl: 'https://api.clearml.example.com/',
  webUrl: 'https://portal.example.com/clearml/',
  accessKey: 'AK-portal',
  secretKey: 'SK-portal-secret',
};

const read = (clearml?: object) =>
  readClearmlConfig(new ConfigReader(clearml ? { clearml } : {}));

describe('readClearmlConfig', () => {
  it('reads the four keys, trims trailing slashes and defaults the timeout', () => {
    expect(read(complete)).toEqual({
      apiUrl: 'https://api.clearml.example.com',
      webUrl: 'https://portal.example.com/clearml',
      accessKey: 'AK-portal',
      secretKey: 'SK-portal-secret',
      timeoutMs: 5000,
    });
    expect(read({ ...complete, timeoutMs: 250 })?.timeoutMs).toBe(250);
  });

  it('reads the optional file server address, checked as the API address is', () => {
    expect(read(complete)?.filesUrl).toBeUndefined();
    expect(
      read({ ...complete, filesUrl: 'https://files.clearml.example.com/' })
        ?.filesUrl,
    ).toBe('https://files.clearml.example.com');
    expect(() => read({ ...complete, filesUrl: 'files.clearml:8081' })).toThrow(
      'clearml.filesUrl must be an http(s) URL such as https://files.clearml.example.com',
    );
    let message = '';
    try {
      read({ ...complete, filesUrl: 'https://u:hunter2-secret@files.clearml' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'clearml.filesUrl must not contain a user name or password: the portal logs in with clearml.accessKey and clearml.secretKey',
    );
  });

  it('is not configured without the block, or with every key unset', () => {
    expect(read()).toBeUndefined();
    // What the production config gives when none of CLEARML_* is in the environment
    expect(
      read({
        apiUrl: undefined,
        webUrl: undefined,
        accessKey: undefined,
        secretKey: undefined,
      }),
    ).toBeUndefined();
  });

  it('names the missing keys when only some are set', () => {
    expect(() =>
      read({ apiUrl: complete.apiUrl, webUrl: complete.webUrl }),
    ).toThrow(
      'ClearML is only partly configured: set clearml.accessKey, clearml.secretKey too, or none of clearml.apiUrl, clearml.webUrl, clearml.accessKey, clearml.secretKey',
    );
  });

  it('refuses a timeout that is not positive', () => {
    expect(() => read({ ...complete, timeoutMs: 0 })).toThrow(
      'clearml.timeoutMs must be a positive number of milliseconds, got 0',
    );
  });

  it('refuses an API URL that is not http(s) or carries a credential, without repeating it', () => {
    expect(() => read({ ...complete, apiUrl: 'api.clearml:8008' })).toThrow(
      'clearml.apiUrl must be an http(s) URL such as https://api.clearml.example.com',
    );
    let message = '';
    try {
      read({
        ...complete,
        apiUrl: 'https://portal:hunter2-secret@api.clearml',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'clearml.apiUrl must not contain a user name or password: the portal logs in with clearml.accessKey and clearml.secretKey',
    );
    expect(message).not.toContain('hunter2');
  });
});
