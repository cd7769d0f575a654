import { COUNTY_NAME_PLACEHOLDER, type RubricDefinitionInput } from '@duban/contracts';

/**
 * 建设暨评价标准清单 (附件2 of the 2023 programme), corrected. The document's table places items 4 and 5
 * under 一、调研论证 (15分), which then adds up to 30 while 二、基础设施 (40分) adds up to 25. The sums
 * close only with items 1–3 in 一 (5+5+5 = 15) and items 4–8 in 二 (10+5+5+10+10 = 40); 三 (9–12, 30) and
 * 四 (13–15, 15) are as printed. Texts are the document's, word for word, except item 6's sign text, which
 * names 临县 in the document and is a template here: each county is checked for its own name.
 */
export const GIG_MARKET_RUBRIC_2023: RubricDefinitionInput = {
  code: 'gig-market-checklist',
  title: '建设暨评价标准清单',
  total: 100,
  sections: [
    {
      title: '一、调研论证',
      points: 15,
      items: [
        {
          number: 1,
          text: '广泛进行调研摸底，对不少于 150 名零工、不少于 30 家零工用工主体通过发放调查问卷或举办座谈会征求意见建议。',
          maxPoints: 5,
        },
        {
          number: 2,
          text: '因地制宜、科学规划制定零工市场建设方案，经过充分研究论证形成科学合理、切实可行的建设方案。',
          maxPoints: 5,
        },
        { number: 3, text: '制定时间表、路线图、任务书，确保各项工作内容有序推进。', maxPoints: 5 },
      ],
    },
    {
      title: '二、基础设施',
      points: 40,
      items: [
        {
          number: 4,
          text: '为零工业务发展配备面积适宜的场所。有独立招聘大厅,利用现有场地进行改造，完善功能配置，室内服务场所面积不低于 150 平米，',
          maxPoints: 10,
        },
        {
          number: 5,
          text: '合规使用省补资金.专项资金用于零工市场基础建设所需的硬件设施配置、场地租赁等；就业资金用于能力建设，按规定列支。',
          maxPoints: 5,
        },
        {
          number: 6,
          text: `明显位置悬挂统一标识，名称为：“${COUNTY_NAME_PLACEHOLDER}零工市场”。`,
          maxPoints: 5,
          remarks: '名称随被检查县（市、区）而定，文件原文以临县为例',
        },
        {
          number: 7,
          text: '具备求职登记、信息咨询、对接洽谈、候工休息等功能，按需设置功能分区、服务窗口、服务台等。',
          maxPoints: 10,
        },
        {
          number: 8,
          text: '具备办公电脑、打印机、休息洽谈所需桌椅、信息发布屏(或信息公告栏)等必要的服务设施设备，配备饮水机、常用工具等便民辅助设施，按要求配备消防安全设备。',
          maxPoints: 10,
        },
      ],
    },
    {
      title: '三、服务管理',
      points: 30,
      items: [
        { number: 9, text: '配备专门的服务队伍，加强对工作人员的业务培训，提升服务能力和水平。', maxPoints: 5 },
        {
          number: 10,
          text: '落实一次性告知、限时办结、首问负责、服务承诺等制度，公开服务内容、服务热线和监督投诉举报方式。',
          maxPoints: 5,
        },
        {
          number: 11,
          text: '参照落实山西省公共就业(人才)服务事项办事指南，有清晰的服务流程和专门的服务人员，免费为辖区内灵活就业人员和用工主体提供针对性服务。',
          maxPoints: 5,
        },
        {
          number: 12,
          text: '提供包括但不限于信息登记与查询推荐、快速洽谈对接、就业创业培训、困难零工帮扶、权益保护等服务内容；积极组织参与国家和我省公共就业服务专项活动，因时因需举办零工专场招聘对接活动。',
          maxPoints: 15,
        },
      ],
    },
    {
      title: '四、信息支撑',
      points: 15,
      items: [
        {
          number: 13,
          text: '在省级统一建设零工信息服务平台后，省市县三级运用统一的平台实现标准化线上业务经办。',
          maxPoints: 5,
        },
        {
          number: 14,
          text: '积极宣传引导服务对象注册登记，使用平台实现岗位信息线上和线下同步采集、一体发布、动态更新、自动匹配。',
          maxPoints: 5,
        },
        {
          number: 15,
          text: '根据零工供求登记信息，实现招聘岗位数量、工种、工时、薪资及求职者人数和户籍、性别、年龄、学历、技能水平等主要信息的动态监测。',
          maxPoints: 5,
        },
      ],
    },
  ],
};
