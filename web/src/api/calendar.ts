import { request } from './client.ts';

/**
 * The business calendar review deadlines count in (part of the refund policy): public holidays, 调休
 * makeup working days (weekends that are working days) and the years whose holidays have been entered.
 * Dates are 'YYYY-MM-DD' in Beijing time.
 */
export interface BusinessCalendar {
  years: number[];
  holidays: string[];
  makeupWorkdays: string[];
}

export interface CalendarInForce {
  /** The policy version the calendar is part of. */
  version: number;
  calendar: BusinessCalendar;
  /** Years an admin must enter now (this year; next year from 1 November). */
  missingYears: number[];
}

/** Something admins must act on now, shown on every admin page. */
export interface AdminWarning {
  code: string;
  years: number[];
  zh: string;
  en: string;
}

export function getCalendar(): Promise<CalendarInForce> {
  return request('GET', '/api/admin/calendar');
}

/** Publishes the policy in force with this calendar as a new version; 400 POLICY.INVALID with paths. */
export function publishCalendar(calendar: BusinessCalendar, note: string): Promise<{ version: number }> {
  return request('PUT', '/api/admin/calendar', { ...calendar, note });
}

export async function listAdminWarnings(): Promise<AdminWarning[]> {
  const { items } = await request<{ items: AdminWarning[] }>('GET', '/api/admin/warnings');
  return items;
}
