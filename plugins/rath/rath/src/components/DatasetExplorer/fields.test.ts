import { toField } from './fields';

describe('toField', () => {
  const rows = [
    { date: '2026-11-01', store: 'north', sales: 135 },
    { date: '2026-11-02', store: '', sales: null },
  ];

  it('makes numbers measures, ISO dates temporal and other text nominal', () => {
    expect(toField({ name: 'sales', type: 'number' }, rows)).toMatchObject({
      fid: 'sales',
      semanticType: 'quantitative',
      analyticType: 'measure',
    });
    expect(toField({ name: 'date', type: 'string' }, rows)).toMatchObject({
      semanticType: 'temporal',
      analyticType: 'dimension',
    });
    expect(toField({ name: 'store', type: 'string' }, rows)).toMatchObject({
      semanticType: 'nominal',
      analyticType: 'dimension',
    });
  });
});
