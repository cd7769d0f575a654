import { ranked } from './overrun-rules';

const row = (regionCode: string, total: number, worst: number, count: number) => ({
  regionCode,
  count,
  open: 0,
  totalWorkingDaysLate: total,
  worstWorkingDaysLate: worst,
});

describe('ranked (名次 of 超时倒查)', () => {
  it('places by total, then worst, then count; equal figures share a place and the next counts on', () => {
    const places = ranked([
      row('141129', 0, 0, 0),
      row('141124', 6, 3, 2),
      row('141102', 6, 5, 2),
      row('141128', 6, 3, 2),
      row('141130', 6, 3, 3),
      row('141127', 0, 0, 0),
    ]).map((county) => [county.rank, county.regionCode]);
    expect(places).toEqual([
      [1, '141102'], // worst 5
      [2, '141130'], // then more items
      [3, '141124'], // tied: by region code, one place
      [3, '141128'],
      [5, '141127'], // on time, both
      [5, '141129'],
    ]);
  });

  it('gives nothing for nothing', () => {
    expect(ranked([])).toEqual([]);
  });
});
