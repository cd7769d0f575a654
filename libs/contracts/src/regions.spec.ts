import { inScope, regionPathFromCode } from './regions';

describe('the scope rule', () => {
  const linxianPath = ['141124', '141100', '140000'];

  it('lets the county, its city and its province see a county thing, and nobody else', () => {
    expect(inScope({ regionCodes: ['141124'] }, linxianPath)).toBe(true);
    expect(inScope({ regionCodes: ['141100'] }, linxianPath)).toBe(true);
    expect(inScope({ regionCodes: ['140000'] }, linxianPath)).toBe(true);
    expect(inScope({ regionCodes: ['141102'] }, linxianPath)).toBe(false);
    expect(inScope({ regionCodes: ['140100'] }, linxianPath)).toBe(false);
  });

  it('takes any of several regions (an inspector of two counties) and ignores a missing level', () => {
    expect(inScope({ regionCodes: ['141102', '141124'] }, linxianPath)).toBe(true);
    expect(inScope({ regionCodes: ['141100'] }, ['141100', null, '140000'])).toBe(true);
    expect(inScope({ regionCodes: ['141124'] }, [null, undefined])).toBe(false);
  });

  it('reads a path from a code where no tree is kept', () => {
    expect(regionPathFromCode('141124')).toEqual(['141124', '141100', '140000']);
    expect(regionPathFromCode('141100')).toEqual(['141100', '140000']);
    expect(regionPathFromCode('140000')).toEqual(['140000']);
  });
});
