import type { ANALYSIS_PROBLEMS } from '@/domain/problems/analysis';
import type { ProblemTexts } from './format';

export const analysisTexts: ProblemTexts<typeof ANALYSIS_PROBLEMS> = {
  en: {
    EMISSION_FACTORS_ORDER: () => 'The coal plant’s emission factor must be above the gas plant’s: otherwise no carbon price makes gas as cheap as coal.',
    EFFICIENCY_SHARE: () => 'Enter an efficiency above 0 and at most 1, e.g. 0.38.',
    EARMARK_SHARES_ABOVE_ONE: (p, f) => `The shares add up to ${f.pct(p.total)}: at most 100 % of the revenue can be earmarked.`,
    EARMARK_USE_TWICE: () => 'Each use can be earmarked once a year.',
    FUEL_PRICE_DATE_TWICE: (p) => `${p.date} appears twice: enter one price per day.`,
    FUEL_PRICE_CSV_LINE: (p) => `Line ${p.line} of the file is not "date,coal price,gas price" (e.g. 2026-01-31,820.00,3.20).`,
    FORECAST_MONTH_AHEAD: (p) => `${p.year}-${String(p.month).padStart(2, '0')} has not begun yet: enter figures for months that have.`,
    SCENARIO_NOT_RUN: (p) => `Scenario ${p.id} has not run yet: run it first.`,
    SCENARIO_YEAR_NOT_RECORDED: (p) => `${p.year} has no covered entities or allocation rules to replay.`,
    SCENARIO_UNKNOWN: (p) => (p.what === 'rule' ? `The recorded year has no industry rule ${p.code}.` : `The recorded year has no budget for province ${p.code}.`),
  },
  zh: {
    EMISSION_FACTORS_ORDER: () => '燃煤机组的排放因子必须高于燃气机组，否则不存在使燃气与燃煤成本相等的碳价。',
    EFFICIENCY_SHARE: () => '请输入大于 0 且不超过 1 的效率，例如 0.38。',
    EARMARK_SHARES_ABOVE_ONE: (p, f) => `各用途比例合计为 ${f.pct(p.total)}，收入的指定用途合计不能超过 100%。`,
    EARMARK_USE_TWICE: () => '每种用途每年只能设定一次。',
    FUEL_PRICE_DATE_TWICE: (p) => `${p.date} 出现了两次，每天只能录入一个价格。`,
    FUEL_PRICE_CSV_LINE: (p) => `文件第 ${p.line} 行的格式不是“日期,煤价,气价”（例如 2026-01-31,820.00,3.20）。`,
    FORECAST_MONTH_AHEAD: (p) => `${p.year} 年 ${p.month} 月尚未开始，只能录入已开始月份的数据。`,
    SCENARIO_NOT_RUN: (p) => `情景 ${p.id} 尚未运行，请先运行。`,
    SCENARIO_YEAR_NOT_RECORDED: (p) => `${p.year} 年没有可重演的重点排放单位或分配规则。`,
    SCENARIO_UNKNOWN: (p) => (p.what === 'rule' ? `所选年度没有行业规则 ${p.code}。` : `所选年度没有省份 ${p.code} 的配额预算。`),
  },
};
