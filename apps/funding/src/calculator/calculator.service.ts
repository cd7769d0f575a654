import {
  ValidationError,
  fenToWan,
  wanToFen,
  type CalculatorRequest,
  type CalculatorResult,
  type CalculatorRule,
  type FieldError,
} from '@duban/contracts';
import { AuditLog, Clock, Transactions, type Attempt, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ALLOCATORS, FundingAccess } from '../access/funding-access.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { ProgrammeRules } from '../project-refs/programme-rules.service';
import { ProjectRefsRepository, type ProjectRef } from '../project-refs/project-refs.repository';
import { spread, type SpreadCounty } from './spread.rules';

/** The calculator rounds to 0.01万元 = 10,000 fen. */
const FEN_PER_UNIT = 10_000n;
const FACTOR_SCALE = 10_000n;
const toUnits = (fen: bigint) => fen / FEN_PER_UNIT;
const showUnits = (units: bigint) => `${fenToWan(units * FEN_PER_UNIT)}万元`;

/**
 * The allocation calculator: spreads a source's money over a programme's counties by a rule (see
 * calculatorRuleSchema and `spread`), previews the result, and commits it as allocations in one
 * transaction, within the budget and audited. The same rule gives the same lines, so a commit writes
 * exactly what the preview showed (unless allocations changed in between, which the commit re-reads).
 */
@Injectable()
export class CalculatorService {
  constructor(
    private readonly projects: ProjectRefsRepository,
    private readonly ledger: LedgerRepository,
    private readonly ledgerService: LedgerService,
    private readonly programmeRules: ProgrammeRules,
    private readonly access: FundingAccess,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async preview({ actor, rule }: CalculatorRequest): Promise<CalculatorResult> {
    await this.authorize(
      { actor, action: 'calculator.preview', targetType: 'programme', targetId: rule.programmeCode },
      rule,
    );
    // A transaction all the same: without a total, the budget line is read under its lock, as a commit would.
    return this.transactions.run(async (tx) => (await this.compute(tx, rule)).result);
  }

  async commit({ actor, rule }: CalculatorRequest): Promise<CalculatorResult> {
    const attempt: Attempt = {
      actor,
      action: 'calculator.commit',
      targetType: 'programme',
      targetId: rule.programmeCode,
    };
    await this.authorize(attempt, rule);
    return this.audit.refusalsAudited(attempt, () =>
      this.transactions.runAndAnswer(async (tx) => {
        await this.programmeRules.requireOpenByCode(tx, rule.programmeCode);
        const { result, projects } = await this.compute(tx, rule);
        const ids = projects.map((project) => project.projectId);
        const sum = result.lines.reduce((acc, line) => acc + wanToFen(line.amountWan), 0n);
        await this.ledgerService.checkBudget(tx, rule.programmeCode, rule.source, ids, sum);
        const now = this.clock.now();
        for (const line of result.lines) {
          const amountFen = wanToFen(line.amountWan);
          await this.ledgerService.checkNotBelowDisbursed(tx, line.projectId, rule.source, amountFen);
          await this.ledger.setAllocation(tx, line.projectId, rule.source, amountFen, actor.username, now);
        }
        const committed = { ...result, committed: true };
        // A region's allocation is about that region; a province-wide one about the acting province.
        await this.audit.recordDone(tx, { ...attempt, regionCode: rule.region, before: { rule }, after: committed });
        return committed;
      }),
    );
  }

  /** Works out the lines; used by the demo data too (with its own rule, no actor). */
  async compute(tx: Tx, rule: CalculatorRule): Promise<{ result: CalculatorResult; projects: ProjectRef[] }> {
    const projects = await this.projects.listForProgramme(tx, rule.programmeCode, rule.region);
    if (projects.length === 0) {
      throw invalid(rule.region ? 'region' : 'programmeCode', '该计划（在该地区）没有县级项目');
    }
    const byRegion = new Map(projects.map((project) => [project.regionCode, project]));
    const errors: FieldError[] = [];
    rule.fixed.forEach((line, index) => {
      if (!byRegion.has(line.regionCode))
        errors.push({ field: `fixed.${index}.regionCode`, message: '不在本次分配的县中' });
    });
    rule.factors.forEach((line, index) => {
      if (!byRegion.has(line.regionCode))
        errors.push({ field: `factors.${index}.regionCode`, message: '不在本次分配的县中' });
    });
    if (errors.length > 0) throw new ValidationError(errors, '分配规则有误');

    const ids = projects.map((project) => project.projectId);
    const previous = new Map<string, bigint>();
    for (const project of projects) {
      const fen = await this.ledger.allocationFen(tx, project.projectId, rule.source);
      if (fen !== null) previous.set(project.projectId, fen);
    }
    const totalFen = rule.totalWan !== undefined ? wanToFen(rule.totalWan) : await this.available(tx, rule, ids);
    const fixed = new Map(rule.fixed.map((line) => [line.regionCode, toUnits(wanToFen(line.amountWan))]));
    const fixedUnits = [...fixed.values()].reduce((acc, units) => acc + units, 0n);
    const totalUnits = toUnits(totalFen);
    if (fixedUnits > totalUnits) {
      throw invalid('fixed', `指定金额合计 ${showUnits(fixedUnits)} 超过可分配的 ${showUnits(totalUnits)}`);
    }
    const factors = new Map(rule.factors.map((line) => [line.regionCode, scaledFactor(line.factor)]));
    const spreadOver = projects.filter((project) => !fixed.has(project.regionCode));
    const missing = spreadOver.filter((project) => project.population === null);
    if (rule.weighting === 'population' && missing.length > 0) {
      throw invalid('weighting', `以下县没有人口基数，不能按人口分配：${missing.map((p) => p.regionName).join('、')}`);
    }
    const counties: SpreadCounty[] = spreadOver.map((project) => {
      const factor = factors.get(project.regionCode) ?? FACTOR_SCALE;
      return {
        key: project.regionCode,
        weight: rule.weighting === 'population' ? BigInt(project.population ?? 0) * factor : factor,
      };
    });
    const outcome = spread(
      counties,
      {
        total: totalUnits - fixedUnits,
        base: toUnits(wanToFen(rule.baseWan)),
        min: rule.minWan === undefined ? undefined : toUnits(wanToFen(rule.minWan)),
        max: rule.maxWan === undefined ? undefined : toUnits(wanToFen(rule.maxWan)),
      },
      showUnits,
    );
    if (!outcome.ok) throw invalid(outcome.field, outcome.reason);
    const lines = projects.map((project) => {
      const units = fixed.get(project.regionCode) ?? (outcome.amounts.get(project.regionCode) as bigint);
      const before = previous.get(project.projectId);
      return {
        projectId: project.projectId,
        regionCode: project.regionCode,
        regionName: project.regionName,
        cityName: project.cityName,
        population: project.population,
        fixed: fixed.has(project.regionCode),
        amountWan: fenToWan(units * FEN_PER_UNIT),
        previousWan: before === undefined ? null : fenToWan(before),
      };
    });
    const amounts = lines.map((line) => wanToFen(line.amountWan));
    return {
      projects,
      result: {
        programmeCode: rule.programmeCode,
        source: rule.source,
        totalWan: fenToWan(totalFen),
        counties: lines.length,
        lowestWan: fenToWan(amounts.reduce((a, b) => (b < a ? b : a))),
        highestWan: fenToWan(amounts.reduce((a, b) => (b > a ? b : a))),
        lines,
        committed: false,
      },
    };
  }

  /** Without a total: the source's budget less what counties outside this spread already hold. */
  private async available(tx: Tx, rule: CalculatorRule, ids: readonly string[]): Promise<bigint> {
    const budget = await this.ledger.lockBudget(tx, rule.programmeCode, rule.source);
    if (budget === null) throw invalid('totalWan', '该资金来源没有预算，请给出可分配总额（万元）');
    const others = await this.ledger.allocatedInProgramme(tx, rule.programmeCode, rule.source, ids);
    const left = budget - others;
    return left - (left % FEN_PER_UNIT);
  }

  /** The rule's region (else the programme's province) must lie in the caller's scope; only the province allocates. */
  private async authorize(attempt: Attempt, rule: CalculatorRule): Promise<void> {
    const scope =
      rule.region ??
      (await this.projects.listForProgramme(this.transactions.none, rule.programmeCode))[0]?.provinceRegionCode;
    if (!scope) throw invalid('programmeCode', '该计划没有县级项目');
    await this.access.region({ ...attempt, targetType: 'region', targetId: scope }, scope);
    await this.access.requireRole(attempt, ALLOCATORS, '分配资金（由省级设定）');
  }
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }], message);
}

/** "1.2" → 12000 (four places). */
function scaledFactor(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * FACTOR_SCALE + BigInt(fraction.padEnd(4, '0'));
}
