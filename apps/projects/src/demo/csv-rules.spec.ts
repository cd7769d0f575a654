import { parseCsv } from './csv-rules';

describe('parseCsv', () => {
  it('reads rows by column name, whatever the column order, with CRLF, a BOM and a final newline', () => {
    const text = '\uFEFFb,a\r\n2,1\r\n4,3\r\n';
    expect(parseCsv(text, ['a', 'b'], 'test.csv')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('keeps Chinese text as it is', () => {
    expect(parseCsv('code,name\n141124,临县\n', ['code', 'name'], 'test.csv')).toEqual([
      { code: '141124', name: '临县' },
    ]);
  });

  it('refuses a missing column', () => {
    expect(() => parseCsv('code\n1\n', ['code', 'name'], 'test.csv')).toThrow('test.csv: missing column(s) name');
  });

  it('refuses a row of the wrong width and names its line', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', ['a', 'b'], 'test.csv')).toThrow('test.csv line 3');
  });

  it('refuses quoted fields, which it does not parse', () => {
    expect(() => parseCsv('a,b\n"1,2",3\n', ['a', 'b'], 'test.csv')).toThrow('line 2');
  });
});
