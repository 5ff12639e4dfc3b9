import { defineProblems, none } from './define';

/**
 * The market analysis's problem codes (texts: src/i18n/problems/analysis.ts): the fuel-switch
 * price's parameters, the fuel price series, the earmarking of auction revenue and the monthly
 * emission figures of the balance sheet.
 */
export const ANALYSIS_PROBLEMS = defineProblems({
  /** The coal plant must emit more per kWh than the gas plant, else no carbon price makes them equal. */
  EMISSION_FACTORS_ORDER: { kind: 'INVALID', params: none },
  /** Field problem: an efficiency is a share above 0 and at most 1. */
  EFFICIENCY_SHARE: { kind: 'INVALID', params: none },
  /** The shares of a year's earmarks add up to more than 1 (`total` as a decimal string). */
  EARMARK_SHARES_ABOVE_ONE: { kind: 'INVALID', params: {} as { total: string } },
  /** The same use appears twice in one year's earmarks. */
  EARMARK_USE_TWICE: { kind: 'INVALID', params: {} as { use: string } },
  /** The same date appears twice in one upload of fuel prices. */
  FUEL_PRICE_DATE_TWICE: { kind: 'INVALID', params: {} as { date: string } },
  /** A CSV upload of fuel prices could not be read: `line` the first bad line (1-based). */
  FUEL_PRICE_CSV_LINE: { kind: 'INVALID', params: {} as { line: number } },
  /** Monthly emission figures are entered for months that have begun on the market clock. */
  FORECAST_MONTH_AHEAD: { kind: 'RULE', params: {} as { year: number; month: number } },
  /** The policy sandbox: a scenario's result is asked for before it has run. */
  SCENARIO_NOT_RUN: { kind: 'CONFLICT', params: {} as { id: number } },
  /** The policy sandbox: the year has no covered entities or no allocation rules to replay (in the scenario's scope). */
  SCENARIO_YEAR_NOT_RECORDED: { kind: 'RULE', params: {} as { year: number } },
  /** The policy sandbox: a rule, a province's budget or a change names what the recorded year does not have. */
  SCENARIO_UNKNOWN: { kind: 'INVALID', params: {} as { what: 'rule' | 'province'; code: string } },
});
