import { asSentence } from './words';

describe('asSentence', () => {
  it('ends words without a final mark with 。', () => {
    expect(asSentence('请补充当月服务零工人次')).toBe('请补充当月服务零工人次。');
    expect(asSentence('  请本周内完成 ')).toBe('请本周内完成。');
  });

  it('adds nothing after a sentence that ends already, in Chinese or Western marks', () => {
    for (const ended of [
      '请补充材料。',
      '务必本周完成！',
      '为何逾期？',
      'Done.',
      '尽快!',
      '等等…',
      '按“时间表”推进。”',
    ]) {
      expect(asSentence(ended)).toBe(ended);
    }
    expect(asSentence('请核实（见附件。）')).toBe('请核实（见附件。）');
  });

  it('ends a closing bracket or quote that closes no sentence', () => {
    expect(asSentence('见附件（第3页）')).toBe('见附件（第3页）。');
  });

  it('leaves empty words empty', () => {
    expect(asSentence('   ')).toBe('');
  });
});
