import { fenToWan, type BudgetLine } from '@duban/contracts';
import type { ProgrammeBudget } from './programme-budgets.repository';

/** A budget line as answers show it: the budget, what counties hold of it, and what remains (万元). */
export function budgetLineView(budget: ProgrammeBudget, allocatedFen: bigint): BudgetLine {
  return {
    source: budget.source,
    budgetWan: fenToWan(budget.amountFen),
    allocatedWan: fenToWan(allocatedFen),
    unallocatedWan: fenToWan(budget.amountFen - allocatedFen),
  };
}
