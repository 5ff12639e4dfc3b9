'use server';

import { z } from 'zod';
import { idSchema } from '@/schemas/registry';
import { scenarioCreateSchema } from '@/schemas/sandbox';
import { createScenario, deleteScenario, runScenarioOf } from '@/server/sandbox/scenarios';
import { runAction } from './run';

/** Creates a scenario and runs it at once: the form then opens its result. */
export async function createScenarioAction(input: unknown) {
  return runAction(scenarioCreateSchema, input, async (actor, cmd, { t }) => {
    const { id } = await createScenario(actor, cmd);
    await runScenarioOf(actor, id);
    return { message: t.sandbox.created, id };
  }, ['/sandbox']);
}

const scenarioIdSchema = z.object({ id: idSchema });

/** Runs one's own scenario again on the records as they stand. */
export async function runScenarioAction(input: unknown) {
  return runAction(scenarioIdSchema, input, async (actor, { id }, { t }) => {
    await runScenarioOf(actor, id);
    return { message: t.sandbox.runDone };
  }, ['/sandbox']);
}

/** Deletes one's own scenario. */
export async function deleteScenarioAction(input: unknown) {
  return runAction(scenarioIdSchema, input, async (actor, { id }, { t }) => {
    await deleteScenario(actor, id);
    return { message: t.sandbox.deleted };
  }, ['/sandbox']);
}
