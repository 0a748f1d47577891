import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Declared on every route so the OpenAPI document shows the error shape. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  423: ErrorBody,
  429: ErrorBody,
} as const;

/** Whether a time is one this system can name: PostgreSQL has no year 0, and nothing here is before 1970. */
const inSpan = (d: Date) => d.getTime() >= 0 && d.getUTCFullYear() <= 9999;
const SPAN = { message: 'must be between 1970-01-01 and 9999-12-31 (UTC)' };

/** An ISO 8601 date-time with its offset (`2026-12-01T14:03:00+08:00`), as a Date between 1970 and 9999. */
export const IsoTime = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine(inSpan, SPAN);

/** An ISO date-time as above, or a date (`2026-12-01`, taken as Beijing midnight), as a Date. */
export const IsoTimeOrDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((raw) => new Date(raw.length === 10 ? `${raw}T00:00:00+08:00` : raw))
  .refine(inSpan, SPAN);
