import { holidayTableOfNotice, type NoticeFileError, parseNoticeFile, yearNoticeIssues } from './year-notice';

describe('yearNoticeIssues', () => {
  const good = { daysOff: ['2027-01-01', '2027-03-03'], workdays: ['2027-02-20'] };

  it('accepts a table whose days off are in the year and whose adjusted working days are weekends', () => {
    expect(yearNoticeIssues(2027, good)).toEqual([]);
  });

  it('names every bad field at once, in Chinese', () => {
    expect(
      yearNoticeIssues(2027, {
        daysOff: ['2027-01-01', '2026-12-31', '2027-13-01', '2027-01-01', '2027-02-20'],
        workdays: ['2027-02-20', '2027-02-17', '2027-2-6'],
      }),
    ).toEqual([
      { field: 'daysOff.1', message: '2026-12-31 不在 2027 年内' },
      { field: 'daysOff.2', message: '日期格式不正确，应为 YYYY-MM-DD（如 2027-01-01）' },
      { field: 'daysOff.3', message: '2027-01-01 重复列出' },
      { field: 'workdays.0', message: '2027-02-20 同时列为放假日和调休上班日' },
      { field: 'workdays.1', message: '2027-02-17 是星期三，调休上班日只能是星期六或星期日' },
      { field: 'workdays.2', message: '日期格式不正确，应为 YYYY-MM-DD（如 2027-01-01）' },
    ]);
  });

  it('refuses a table without any day off and a year out of range', () => {
    expect(yearNoticeIssues(2027, { daysOff: [], workdays: [] })).toEqual([
      { field: 'daysOff', message: '至少列出一天放假日（元旦每年放假）' },
    ]);
    expect(yearNoticeIssues(1999, good)).toEqual([{ field: 'year', message: '年份必须是 2000–2100 之间的整数' }]);
  });
});

describe('holidayTableOfNotice', () => {
  it('covers exactly its year, rows sorted, named by holiday or by kind', () => {
    expect(
      holidayTableOfNotice(2027, {
        daysOff: ['2027-03-03', '2027-01-01'],
        workdays: ['2027-02-20'],
        names: { '2027-01-01': '元旦' },
        source: '测试通知',
      }),
    ).toEqual({
      years: [2027],
      days: [
        { date: '2027-01-01', isOffDay: true, name: '元旦', source: '测试通知' },
        { date: '2027-02-20', isOffDay: false, name: '调休上班', source: '测试通知' },
        { date: '2027-03-03', isOffDay: true, name: '放假', source: '测试通知' },
      ],
    });
  });
});

describe('parseNoticeFile', () => {
  it('reads the notice as text: one holiday a line, ranges, several working days, the source', () => {
    const notice = parseNoticeFile(
      [
        '# 国务院办公厅关于2027年部分节假日安排的通知',
        '来源：国办发明电〔2026〕99号',
        '元旦：放假 2027-01-01 至 2027-01-03',
        '春节：放假 2027-02-06~2027-02-08；上班 2027-02-14、2027-02-20',
        '',
      ].join('\r\n'),
    );
    expect(notice).toEqual({
      daysOff: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08'],
      workdays: ['2027-02-14', '2027-02-20'],
      names: {
        '2027-01-01': '元旦',
        '2027-01-02': '元旦',
        '2027-01-03': '元旦',
        '2027-02-06': '春节',
        '2027-02-07': '春节',
        '2027-02-08': '春节',
        '2027-02-14': '春节',
        '2027-02-20': '春节',
      },
      source: '国办发明电〔2026〕99号',
    });
  });

  it('reads the JSON form (the API body) and the shipped CSV layout', () => {
    expect(parseNoticeFile('{"daysOff":["2027-01-01"],"workdays":[],"source":"S"}')).toEqual({
      daysOff: ['2027-01-01'],
      workdays: [],
      names: {},
      source: 'S',
    });
    const csv = parseNoticeFile(
      'date,name,is_off_day,source_notice\n2027-01-01,元旦,true,通知甲\n2027-02-20,春节,false,通知甲\n',
    );
    expect(csv).toEqual({
      daysOff: ['2027-01-01'],
      workdays: ['2027-02-20'],
      names: { '2027-01-01': '元旦', '2027-02-20': '春节' },
      source: '通知甲',
    });
  });

  it('names the lines it cannot read, in Chinese', () => {
    const problems = (text: string) => {
      try {
        parseNoticeFile(text);
        return [];
      } catch (error) {
        return (error as NoticeFileError).issues.map((issue) => issue.message);
      }
    };
    expect(
      problems('元旦：放假 2027-01-01\n春节 2027-02-06\n清明：休息 2027-04-05\n国庆：放假 2027-10-08 至 2027-10-01'),
    ).toEqual([
      '第 2 行：应为“节日名称：放假 日期…；上班 日期…”',
      '第 3 行：“休息 2027-04-05”应以“放假”或“上班”开头',
      '第 4 行：“2027-10-08 至 2027-10-01”不是日期或日期范围（YYYY-MM-DD 或 A 至 B）',
    ]);
    expect(problems('')).toEqual(['文件为空']);
    expect(problems('{"daysOff": 3}')).toEqual(['JSON 中的 daysOff 必须是日期字符串数组']);
    expect(problems('date,name,is_off_day,source_notice\n2027-01-01,元旦,maybe,x')).toEqual([
      'CSV 第 2 行：is_off_day must be true or false',
    ]);
  });
});
