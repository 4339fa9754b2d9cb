import { z } from 'zod';

/** Messages between the benchmark and its child processes (Node IPC), parsed on arrival like any other input. */

export const sampleContactSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  mobile: z.string(),
  clientName: z.string(),
});
export type SampleContact = z.infer<typeof sampleContactSchema>;

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sandbox'),
    url: z.string(),
    apiKey: z.string(),
    contacts: z.number().int(),
    insertMs: z.number(),
    sample: z.array(sampleContactSchema),
  }),
  z.object({
    type: z.literal('ready'),
    url: z.string(),
    /** Start of the app to the end of the first directory load (our bot only). */
    warmupMs: z.number().nullable(),
    loaded: z.number().int().nullable(),
    state: z.string().nullable(),
  }),
  /** Memory now, and CPU time used since the process started (user + system, ms). */
  z.object({ type: z.literal('memory'), rss: z.number(), heapUsed: z.number(), cpuMs: z.number() }),
  /** One full directory refresh (our bot only): how long it took and how many requests it made to ITFlow. */
  z.object({ type: z.literal('refreshed'), ms: z.number(), requests: z.number().int(), loaded: z.number().int() }),
  z.object({ type: z.literal('failed'), error: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('memory') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('stop') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;
