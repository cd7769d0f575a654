import dayjs from 'dayjs';
import { shanghaiInstant } from './RescheduleMilestoneModal';
import { dueText } from './time';

describe('a milestone’s deadline as the 节点 table shows it', () => {
  it('is the date of a template milestone, and the Beijing minute of an extra one', () => {
    expect(dueText({ dueDate: '2023-03-31', dueAt: null })).toBe('2023-03-31');
    expect(dueText({ dueDate: null, dueAt: '2023-06-15T10:00:00.000Z' })).toBe('2023-06-15 18:00');
    expect(dueText({ dueDate: null, dueAt: null })).toBe('—');
  });

  it('shows seconds only when the instant has some (one set through the API)', () => {
    expect(dueText({ dueDate: null, dueAt: '2023-06-15T10:00:37.000Z' })).toBe('2023-06-15 18:00:37');
  });

  it('is set to the minute the picker shows, whatever second its 此刻 was pressed at', () => {
    const picked = dayjs('2023-06-15 18:00:37');
    expect(shanghaiInstant(picked)).toBe('2023-06-15T10:00:00.000Z');
  });
});
