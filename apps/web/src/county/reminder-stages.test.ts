import { durationText, reminderStageLabel } from './reminder-stages';

describe('reminder stage names', () => {
  it('reads the policy stages in the documents’ words', () => {
    expect(reminderStageLabel('before-7wd')).toBe('到期前7个工作日');
    expect(reminderStageLabel('before-1wd')).toBe('到期前1个工作日');
    expect(reminderStageLabel('due-day')).toBe('到期当日');
    expect(reminderStageLabel('overdue-2')).toBe('逾期提醒（第2次）');
    expect(reminderStageLabel('escalation')).toBe('升级至市局');
  });

  it('reads an exact plan’s offsets from the due instant', () => {
    expect(reminderStageLabel('offset--PT10S')).toBe('到期前10秒');
    expect(reminderStageLabel('offset-PT0S')).toBe('到期时');
    expect(reminderStageLabel('offset-P1DT2H')).toBe('到期后1天2小时');
  });

  it('shows an unknown stage as it is', () => {
    expect(reminderStageLabel('notice')).toBe('notice');
    expect(durationText(1500)).toBe('1秒500毫秒');
  });
});
