import { durationText, notificationStageKind, notificationStageLabel } from './stages';

describe('notification stages as readers see them', () => {
  it('names each stage the reminder plan writes', () => {
    expect(notificationStageLabel('before-7wd')).toBe('到期前提醒（提前7个工作日）');
    expect(notificationStageLabel('due-day')).toBe('到期当日');
    expect(notificationStageLabel('overdue-1')).toBe('逾期提醒');
    expect(notificationStageLabel('overdue-3')).toBe('逾期提醒（第3次）');
    expect(notificationStageLabel('escalation')).toBe('升级督办');
    expect(notificationStageLabel('notice')).toBe('通知');
  });

  it('reads an exact plan’s offset: before, at or after the instant', () => {
    expect(notificationStageKind('offset--PT10S')).toBe('before');
    expect(notificationStageKind('offset-PT0S')).toBe('due');
    expect(notificationStageKind('offset-PT5S')).toBe('overdue');
    expect(notificationStageLabel('offset--PT10S')).toBe('到期前提醒（到期前10秒）');
    expect(notificationStageLabel('offset-PT0S')).toBe('到期当日（到期时）');
    expect(notificationStageLabel('offset-P1DT2H')).toBe('逾期提醒（到期后1天2小时）');
    expect(durationText(1500)).toBe('1秒500毫秒');
  });

  it('shows an unknown stage as it is', () => {
    expect(notificationStageKind('something-new')).toBeNull();
    expect(notificationStageLabel('something-new')).toBe('something-new');
  });
});
