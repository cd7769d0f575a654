import type { RouteDocs } from '../core/route.decorator';

/** What the OpenAPI document tells the API's users about the dashboard route. */
export const docs = {
  get: {
    summary: '督办看板：按下级地区汇总节点状态灯、完成比例、逾期数、最新月报状态和运营数据，及逐月进度',
    description:
      '省看各市、市看各县；县看本县项目及其各节点。ancestors 为上级地区（自省而下，用于面包屑导航）。状态灯按当前时间和工作日（含法定节假日、调休）计算：' +
      'green 正常、yellow 临期、red 逾期、done 已完成；各项计数相加等于合计。doneShare 为已完成节点占比，' +
      '四位小数的小数（"0.1250" 即 12.5%），无节点时为 null。reports 为各县最新一期月报状态的县数（none：尚无月报）。' +
      'latestFigures 为最近一个有县填报运营数据的月份中，各县月报的当月提供零工岗位数、当月服务零工人次、' +
      '当月达成意向上岗人次之和（counties 为填报的县数；无人填报的指标为 null）。projectId 为县的项目 id（用于跳转）。' +
      'series 为本地区在项目年度内逐月的进度：plannedDue 为截至该月底应完成的节点数（累计），done 为截至该月底' +
      '实际完成的节点数（累计，尚未到来的月份为 null），figures 为该月月报的运营数据之和。',
    400: '地区代码或项目 id 格式有误',
    404: '地区不存在或不在您的权限范围内',
  },
} satisfies Record<string, RouteDocs>;
