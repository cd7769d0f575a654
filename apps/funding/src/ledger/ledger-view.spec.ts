import { disbursementView } from './ledger-view';
import type { DisbursementRecord } from './ledger.repository';

const entry = (recordedByName: string | null): DisbursementRecord => ({
  id: '0190a3c4-0000-7000-8000-000000000201',
  projectId: '0190a3c4-0000-7000-8000-000000000001',
  source: 'province_special',
  amountFen: 125_000_00n,
  date: '2023-06-01',
  documentNumber: '晋人社函〔2023〕12号',
  recordedBy: 'lvliang',
  recordedByName,
  recordedAt: new Date('2023-06-01T02:00:00Z'),
  reversesId: null,
  reversedById: null,
  reason: null,
});

describe('who recorded a ledger entry, as the views name them', () => {
  it('by the 姓名或单位 kept with the entry, and by username for entries from before names were kept', () => {
    expect(disbursementView(entry('吕梁市人社局'))).toMatchObject({
      amountWan: '12.50',
      recordedBy: 'lvliang',
      recordedByName: '吕梁市人社局',
    });
    expect(disbursementView(entry(null))).toMatchObject({ recordedBy: 'lvliang', recordedByName: 'lvliang' });
  });
});
