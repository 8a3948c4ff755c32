import { escapeNamePattern, exactNamePattern } from './namePattern';

describe('exactNamePattern', () => {
  it('matches the name itself and nothing that merely looks like it', () => {
    const names = ['forecasting/sales.v2', 'a+b (old)', 'x[1]'];
    for (const name of names) {
      const re = new RegExp(exactNamePattern(name));
      expect(re.test(name)).toBe(true);
      expect(re.test(`${name}-archive`)).toBe(false);
      expect(re.test(`old/${name}`)).toBe(false);
    }
    expect(new RegExp(exactNamePattern('sales.v2')).test('salesXv2')).toBe(
      false,
    );
    expect(new RegExp(`^${escapeNamePattern('a+b')}/`).test('aab/x')).toBe(
      false,
    );
  });
});
