'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { idSchema } from '@/schemas/registry';
import {
  alertReviewSchema, clockCommandSchema, instrumentCreateSchema, instrumentStatusSchema, marketSettingsSchema, participantSuspensionSchema,
  referencePriceSchema, symbolSchema, holidaySchema, holidayParamsSchema,
} from '@/schemas/trading';
import { addHoliday, removeHoliday } from '@/server/trading/holidays';
import { createInstrument, setInstrumentStatus, setReferencePrice } from '@/server/trading/instruments';
import { controlClock } from '@/server/schedule/dueWork';
import { reviewAlert, setParticipantSuspension, updateMarketSettings } from '@/server/trading/surveillance';
import { cny } from '@/ui/format';
import { runAction } from './run';

/** The exchange operator's actions: market clock, instruments, participant halts, surveillance, settings. */
const PATHS = ['/exchange', '/market', '/trading'];

/** Moves the demo market clock (refused in production, where it follows real Beijing time). */
export async function clockAction(input: unknown) {
  return runAction(
    clockCommandSchema,
    input,
    async (actor, cmd, { t }) => {
      const c = await controlClock(actor, cmd);
      return { message: fmt(t.exchange.clockMoved, { time: c.marketTime, phase: t.clock.phase[c.phase] }) };
    },
    PATHS,
  );
}

export async function createInstrumentAction(input: unknown) {
  return runAction(
    instrumentCreateSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const r = await createInstrument(actor, cmd);
      return { message: fmt(t.exchange.instrumentCreated, { symbol: r.symbol, price: cny(cmd.referencePrice, lang) }) };
    },
    PATHS,
  );
}

const statusSchema = instrumentStatusSchema.extend({ symbol: symbolSchema });

/** Suspends or resumes an instrument (风险警示), with a reason. */
export async function instrumentStatusAction(input: unknown) {
  return runAction(
    statusSchema,
    input,
    async (actor, { symbol, ...cmd }, { t }) => {
      const r = await setInstrumentStatus(actor, symbol, cmd);
      return { message: fmt(r.status === 'SUSPENDED' ? t.exchange.suspended : t.exchange.resumed, { symbol: r.symbol }) };
    },
    PATHS,
  );
}

const referenceSchema = referencePriceSchema.extend({ symbol: symbolSchema });

export async function referencePriceAction(input: unknown) {
  return runAction(
    referenceSchema,
    input,
    async (actor, { symbol, ...cmd }, { t, lang }) => {
      const r = await setReferencePrice(actor, symbol, cmd);
      return { message: fmt(t.exchange.referenceSet, { symbol: r.symbol, price: cny(r.referencePrice, lang) }) };
    },
    PATHS,
  );
}

const suspensionSchema = participantSuspensionSchema.extend({ accountId: idSchema });

/** Halts or resumes a participant's trading, with a reason. */
export async function participantSuspensionAction(input: unknown) {
  return runAction(
    suspensionSchema,
    input,
    async (actor, { accountId, ...cmd }, { t }) => {
      const r = await setParticipantSuspension(actor, accountId, cmd);
      return { message: fmt(r.suspended ? t.exchange.participantSuspended : t.exchange.participantResumed, { account: r.accountNumber }) };
    },
    PATHS,
  );
}

const reviewSchema = alertReviewSchema.extend({ alertId: z.number().int().positive() });

export async function reviewAlertAction(input: unknown) {
  return runAction(
    reviewSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await reviewAlert(actor, cmd.alertId, cmd.note);
      return { message: fmt(t.surveillance.reviewed, { id: r.id }) };
    },
    PATHS,
  );
}

export async function marketSettingsAction(input: unknown) {
  return runAction(
    marketSettingsSchema,
    input,
    async (actor, cmd, { t }) => {
      await updateMarketSettings(actor, cmd);
      return { message: t.settings.saved };
    },
    PATHS,
  );
}

/** Adds an exchange holiday (a weekday after today on the market clock). */
export async function addHolidayAction(input: unknown) {
  return runAction(
    holidaySchema,
    input,
    async (actor, cmd, { t }) => {
      const h = await addHoliday(actor, cmd);
      return { message: fmt(t.exchange.holidayAdded, { date: h.date, name: h.name }) };
    },
    PATHS,
  );
}

/** Removes an exchange holiday after today. */
export async function removeHolidayAction(input: unknown) {
  return runAction(
    holidayParamsSchema,
    input,
    async (actor, { date }, { t }) => {
      const h = await removeHoliday(actor, date);
      return { message: fmt(t.exchange.holidayRemoved, { date: h.date }) };
    },
    PATHS,
  );
}
