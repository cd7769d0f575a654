import { FUNDING_SOURCES, wanToFen, type FundingSource } from '@duban/contracts';
import fc from 'fast-check';
import { executionRate, figuresView, tableView } from './figures-view';
import { tableTotal, type Figures, type SourceTable } from './figures.rules';
import { rollupOf, type CountyLedger, type RollupNode } from './rollup-tree.rules';

/** Money as it enters the ledger: whole 0.01万元 (10,000 fen), up to 1,000万元 a line. */
const amountArb = fc.bigInt({ min: 0n, max: 100_000n }).map((units) => units * 10_000n);
const figuresArb: fc.Arbitrary<Figures> = fc.record({ allocated: amountArb, disbursed: amountArb, spent: amountArb });
const tableArb: fc.Arbitrary<SourceTable> = fc
  .tuple(figuresArb, figuresArb, figuresArb, figuresArb)
  .map((rows) => Object.fromEntries(FUNDING_SOURCES.map((source, i) => [source, rows[i]])) as SourceTable);

/** 1–40 counties spread over up to 5 cities of one province. */
const countiesArb: fc.Arbitrary<CountyLedger[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 5 }), tableArb), { minLength: 1, maxLength: 40 })
  .map((rows) =>
    rows.map(([city, table], index) => ({
      projectId: `p${index}`,
      regionCode: `14${String(city).padStart(2, '0')}${String(index + 1).padStart(2, '0')}`,
      regionName: `县${index}`,
      cityCode: `14${String(city).padStart(2, '0')}00`,
      cityName: `市${city}`,
      provinceCode: '140000',
      provinceName: '山西省',
      table,
    })),
  );

const FIELDS = ['allocated', 'disbursed', 'spent'] as const;

function sumTables(tables: readonly SourceTable[], source: FundingSource, field: (typeof FIELDS)[number]): bigint {
  return tables.reduce((acc, table) => acc + table[source][field], 0n);
}

function walk(node: RollupNode, visit: (node: RollupNode) => void): void {
  visit(node);
  node.children.forEach((child) => walk(child, visit));
}

describe('funding rollups', () => {
  it('add up exactly at every level, in fen and as shown in 万元, per source and over all sources', () => {
    fc.assert(
      fc.property(countiesArb, (counties) => {
        const province = rollupOf('140000', counties) as RollupNode;
        expect(province.level).toBe('province');
        expect(province.counties).toBe(counties.length);
        for (const source of FUNDING_SOURCES) {
          for (const field of FIELDS) {
            // The top equals the raw ledger, counted independently of the tree.
            expect(province.table[source][field]).toBe(
              sumTables(
                counties.map((c) => c.table),
                source,
                field,
              ),
            );
          }
        }
        walk(province, (node) => {
          if (node.children.length === 0) return;
          expect(node.counties).toBe(node.children.reduce((acc, child) => acc + child.counties, 0));
          const shown = tableView(node.table);
          const childShown = node.children.map((child) => tableView(child.table));
          FUNDING_SOURCES.forEach((source, i) => {
            for (const field of FIELDS) {
              expect(node.table[source][field]).toBe(
                sumTables(
                  node.children.map((c) => c.table),
                  source,
                  field,
                ),
              );
            }
            for (const key of ['allocatedWan', 'disbursedWan', 'spentWan'] as const) {
              const parts = childShown.reduce((acc, rows) => acc + wanToFen(rows[i][key]), 0n);
              expect(parts).toBe(wanToFen(shown[i][key]));
            }
          });
          // Over all sources: the total is the sum of the sources.
          const all = figuresView(tableTotal(node.table));
          expect(wanToFen(all.allocatedWan)).toBe(shown.reduce((acc, row) => acc + wanToFen(row.allocatedWan), 0n));
          expect(wanToFen(all.spentWan)).toBe(shown.reduce((acc, row) => acc + wanToFen(row.spentWan), 0n));
        });
        // A city's own rollup is the same as its node in the province's.
        for (const city of province.children) {
          expect(rollupOf(city.regionCode, counties)).toEqual(city);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('finds a county, a city or the province, and nothing else', () => {
    const table = Object.fromEntries(
      FUNDING_SOURCES.map((s) => [s, { allocated: 600_000n, disbursed: 0n, spent: 0n }]),
    ) as SourceTable;
    const counties: CountyLedger[] = [
      {
        projectId: 'a',
        regionCode: '141124',
        regionName: '临县',
        cityCode: '141100',
        cityName: '吕梁市',
        provinceCode: '140000',
        provinceName: '山西省',
        table,
      },
    ];
    expect(rollupOf('141124', counties)).toMatchObject({ level: 'county', regionName: '临县', counties: 1 });
    expect(rollupOf('141100', counties)).toMatchObject({ level: 'city', regionName: '吕梁市', counties: 1 });
    expect(rollupOf('140000', counties)).toMatchObject({ level: 'province', regionName: '山西省', counties: 1 });
    expect(rollupOf('140100', counties)).toBeNull();
  });

  it('gives the execution rate to four places, half up, and none without an allocation', () => {
    expect(executionRate(250_000n, 1_000_000n)).toBe('0.2500');
    expect(executionRate(1n, 3n)).toBe('0.3333');
    expect(executionRate(2n, 3n)).toBe('0.6667');
    expect(executionRate(1_500_000n, 1_000_000n)).toBe('1.5000');
    expect(executionRate(0n, 0n)).toBeNull();
  });
});
