/**
 * The business-hours clock SLA Wait, Create Case and Contact Attempt share: when an SLA falls due, and how much
 * open time lies between two instants. Pure, on luxon for zones and DST.
 *
 * API
 * - `parseBusinessCalendar(raw, field?)` validates `{ zone, week, holidays }` and returns a `BusinessCalendar`.
 *   `zone` is an IANA zone; `week` maps 'monday'…'sunday' to ranges `{ start: 'HH:mm', end: 'HH:mm' }` (several a
 *   day, an end of '24:00' allowed, a missing or empty day is closed); `holidays` lists 'YYYY-MM-DD' local dates that
 *   are closed all day; `publicHolidays` names built-in calendars ('fr', 'gb-eaw'… see publicHolidays.ts) whose days
 *   off, substitute days included, are closed too, computed for each year the clock reaches. Bad input throws a
 *   FeedbackError naming the field, e.g. `calendar.week.monday.1.end`.
 * - `slaDeadline(calendar, start, duration)` the due instant; `businessTimeBetween(calendar, from, to)` open
 *   milliseconds; `isOpenAt(calendar, at)`; `nextOpening(calendar, at)`. Instants are Dates or ISO 8601 strings; a
 *   string without an offset is read in the calendar's zone.
 *
 * Definitions
 * - A range is half-open: open at its start, closed at its end. Touching ranges (12:00 end, 12:00 start; 24:00 then
 *   00:00 the next day) count as one continuous stretch.
 * - Local times are resolved as RFC 5545 and Temporal's 'compatible' mode do: a time in the skipped hour of a DST
 *   night is read with the offset before the gap (02:30 becomes 03:30 in Paris), and a time that occurs twice is the
 *   first occurrence. So a 01:00–04:00 range lasts 2 h on the spring night and 4 h on the autumn night in Paris; a
 *   range that resolves to nothing (02:15–03:00 in Paris in spring) gives no open time that day.
 * - Business hours count open time only. A start outside hours counts from the next opening; a deadline that lands
 *   exactly on a closing time is that closing time, not the next opening.
 * - Business days (N, a whole number): the clock starts at the next opening (the start itself when open). If that is
 *   a day's first opening, the due is the last closing of the N-th open day, that day counted as the first. Otherwise
 *   the due is as far into the N-th next open day as the start was into its own day (open time since that day's first
 *   opening), capped at that day's last closing. On a week of identical days this is "the same time N business days
 *   later", which is how customers read "within 2 business days", and it equals Freshdesk's long-standing rule of one
 *   business day = one day's working hours (Freshdesk, "Upcoming changes to day-based SLAs in business hours"). We do
 *   not follow that article's 2026 change to 24 business hours a day: with 9-to-5 hours it makes "1 business day" last
 *   three days. Zendesk sets SLA targets in (business) hours, which `businessHours` covers.
 * - Calendar hours are elapsed hours. Calendar days (a whole number) keep the local wall-clock time across DST.
 * - `businessTimeBetween` is negative when `to` is before `from` (overdue time for a breached SLA), zero when equal.
 *
 * A parsed calendar is frozen: each one remembers its dates' open intervals, so parse it once per execution and
 * share it across items. The clock steps per open range, never per minute. It refuses a search that finds no open time in 3 years (every
 * open day a holiday) or reaches beyond 10 years, with an error instead of a long loop.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

import { FeedbackError, describeIssues, describeValue } from './feedback';
import { HOLIDAY_CALENDARS, isHolidayCalendarId, publicHolidays } from './publicHolidays';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpenRange {
	start: string;
	end: string;
}

export interface BusinessCalendar {
	zone: string;
	week: Record<Weekday, OpenRange[]>;
	holidays: readonly string[];
	/** Built-in public-holiday calendars (ids of HOLIDAY_CALENDARS), computed for each year the clock reaches. */
	publicHolidays?: readonly string[];
}

export const SLA_UNITS = ['businessHours', 'businessDays', 'calendarHours', 'calendarDays'] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];
export interface SlaDuration {
	amount: number;
	unit: SlaUnit;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** No zone is more than 14 h ahead of UTC, so a local date starts at most 14 h before its UTC midnight. */
const MAX_ZONE_LEAD_MS = 14 * HOUR_MS;
const MINUTES_A_DAY = 1440;
/** Longer than any run of holidays a real calendar has, short enough to fail fast on a calendar with no open time. */
const MAX_CLOSED_DAYS = 3 * 366;
const MAX_SEARCH_DAYS = 10 * 366;

const CALENDAR_HINT =
	'Example: { "zone": "Europe/Paris", "week": { "monday": [{ "start": "09:00", "end": "12:30" }, { "start": "13:30", "end": "18:00" }] }, "holidays": ["2026-12-25"] }';

const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const openRangeSchema = z
	.object({
		start: z.string().regex(START_TIME, 'must be a time HH:mm from 00:00 to 23:59'),
		end: z.string().regex(END_TIME, 'must be a time HH:mm from 00:01 to 24:00'),
	})
	.strict()
	.refine((range) => minutesOf(range.end) > minutesOf(range.start), {
		message: 'must be after the start',
		path: ['end'],
	});

const openDaySchema = z
	.array(openRangeSchema)
	.default([])
	.superRefine((ranges, context) => {
		const byStart = ranges.map((range, index) => ({ range, index })).sort((a, b) => minutesOf(a.range.start) - minutesOf(b.range.start));
		for (let at = 1; at < byStart.length; at++) {
			const previous = byStart[at - 1].range;
			const { range, index } = byStart[at];
			if (minutesOf(range.start) < minutesOf(previous.end)) {
				context.addIssue({
					code: z.ZodIssueCode.custom,
					message: `${range.start}–${range.end} overlaps ${previous.start}–${previous.end}`,
					path: [index],
				});
			}
		}
	});

const weekSchema = z
	.object(Object.fromEntries(WEEKDAYS.map((day) => [day, openDaySchema])) as Record<Weekday, typeof openDaySchema>)
	.strict()
	.refine((week) => WEEKDAYS.some((day) => week[day].length > 0), { message: 'has no open hours on any day' });

const businessCalendarSchema = z
	.object({
		zone: z.string().superRefine((zone, context) => {
			if (!IANAZone.isValidZone(zone)) {
				context.addIssue({ code: z.ZodIssueCode.custom, message: `${describeValue(zone)} is not an IANA time zone, such as Europe/Paris` });
			}
		}),
		week: weekSchema,
		holidays: z
			.array(
				z.string().refine((day) => ISO_DATE.test(day) && DateTime.fromISO(day, { zone: 'utc' }).isValid, {
					message: 'must be a real date YYYY-MM-DD',
				}),
			)
			.default([]),
		publicHolidays: z
			.array(
				z.string().refine(isHolidayCalendarId, {
					message: `must be one of ${HOLIDAY_CALENDARS.map((entry) => entry.id).join(', ')}`,
				}),
			)
			.default([]),
	})
	.strict();

const slaDurationSchema = z
	.object({
		amount: z.number().finite().positive(),
		unit: z.enum(SLA_UNITS),
	})
	.strict()
	.refine((duration) => !duration.unit.endsWith('Days') || Number.isInteger(duration.amount), {
		message: 'must be a whole number of days',
		path: ['amount'],
	});

/** A weekday's open ranges in minutes since local midnight, sorted, touching ones merged. */
type DayPlan = Array<[number, number]>;

interface Clock {
	zone: string;
	/** Index 0 is Monday, as luxon's weekday 1. */
	week: DayPlan[];
	holidays: Set<string>;
	publicHolidays: readonly string[];
	/** Public holidays by year, computed when the clock first reaches that year. */
	publicHolidayYears: Map<number, Set<string>>;
	/** Open intervals by local date (its UTC-midnight millis): resolving local times is the clock's main cost. */
	days: Map<number, Array<[number, number]>>;
}

/** About 30 years of dates; past that the memo starts over rather than grow without bound. */
const MAX_MEMO_DAYS = 11_000;

const clocks = new WeakMap<BusinessCalendar, Clock>();

/** Validates a business calendar; throws a FeedbackError naming the field (under `field`). */
export function parseBusinessCalendar(raw: unknown, field = 'calendar'): BusinessCalendar {
	const parsed = businessCalendarSchema.safeParse(raw);
	if (!parsed.success) {
		const { message, field: where } = describeIssues(parsed.error, field);
		throw new FeedbackError(message, where, CALENDAR_HINT);
	}
	const { zone, week, holidays, publicHolidays: holidayCalendars } = parsed.data;
	const calendar: BusinessCalendar = Object.freeze({
		zone,
		week: Object.freeze(
			Object.fromEntries(WEEKDAYS.map((day) => [day, Object.freeze(week[day].map((range) => Object.freeze({ ...range })))])),
		) as BusinessCalendar['week'],
		holidays: Object.freeze([...holidays]),
		publicHolidays: Object.freeze([...new Set(holidayCalendars)]),
	});
	clocks.set(calendar, clockOf(calendar));
	return calendar;
}

/** Validates an SLA duration; throws a FeedbackError naming the field. */
export function parseSlaDuration(raw: unknown, field = 'duration'): SlaDuration {
	const parsed = slaDurationSchema.safeParse(raw);
	if (parsed.success) return parsed.data;
	const { message, field: where } = describeIssues(parsed.error, field);
	throw new FeedbackError(message, where, `Units: ${SLA_UNITS.join(', ')}`);
}

function clockOf(calendar: BusinessCalendar): Clock {
	const week = WEEKDAYS.map((day) => {
		const plan: DayPlan = [];
		const ranges = [...calendar.week[day]].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
		for (const { start, end } of ranges) {
			const last = plan[plan.length - 1];
			if (last && minutesOf(start) <= last[1]) last[1] = Math.max(last[1], minutesOf(end));
			else plan.push([minutesOf(start), minutesOf(end)]);
		}
		return plan;
	});
	return {
		zone: calendar.zone,
		week,
		holidays: new Set(calendar.holidays),
		publicHolidays: calendar.publicHolidays ?? [],
		publicHolidayYears: new Map(),
		days: new Map(),
	};
}

/** The compiled clock; a calendar not built by parseBusinessCalendar is validated here first. */
function clockFor(calendar: BusinessCalendar): Clock {
	const known = clocks.get(calendar);
	if (known) return known;
	const parsed = parseBusinessCalendar(calendar);
	const clock = clocks.get(parsed) as Clock;
	clocks.set(calendar, clock);
	return clock;
}

function instantOf(value: Date | string, zone: string, field: string): number {
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
	if (typeof value === 'string') {
		const read = DateTime.fromISO(value.trim(), { zone });
		if (read.isValid) return read.toMillis();
	}
	throw new FeedbackError(`${field}: expected an ISO 8601 date-time, got ${describeValue(value)}`, field);
}

/** A local calendar date, carried as midnight UTC so that stepping a day is plain date arithmetic. */
function localDateOf(instant: number, zone: string): DateTime {
	const local = DateTime.fromMillis(instant, { zone });
	return DateTime.utc(local.year, local.month, local.day);
}

const nextDate = (date: DateTime): DateTime => DateTime.fromMillis(date.toMillis() + DAY_MS, { zone: 'utc' });

/** The instant of a local wall-clock time on a date: a skipped time moves forward by the gap, a repeated one is the first. */
function localInstant(date: DateTime, minutes: number, zone: string): number {
	const day = minutes === MINUTES_A_DAY ? date.plus({ days: 1 }) : date;
	const wall = minutes % MINUTES_A_DAY;
	const resolved = DateTime.fromObject(
		{ year: day.year, month: day.month, day: day.day, hour: Math.floor(wall / 60), minute: wall % 60 },
		{ zone },
	);
	// luxon takes the later of two occurrences; the earlier one exists when the offset just dropped.
	const offsetBefore = resolved.minus({ hours: 6 }).offset;
	if (offsetBefore > resolved.offset) {
		const earlier = resolved.minus({ minutes: offsetBefore - resolved.offset });
		if (earlier.hour === resolved.hour && earlier.minute === resolved.minute) return earlier.toMillis();
	}
	return resolved.toMillis();
}

/** A local date's open intervals as instants, [start, end), in order; none on a holiday. */
function openIntervalsOn(clock: Clock, date: DateTime): Array<[number, number]> {
	const key = date.toMillis();
	const known = clock.days.get(key);
	if (known) return known;
	const intervals: Array<[number, number]> = [];
	if (!isHoliday(clock, date)) {
		for (const [start, end] of clock.week[date.weekday - 1]) {
			const from = localInstant(date, start, clock.zone);
			const to = localInstant(date, end, clock.zone);
			if (to > from) intervals.push([from, to]);
		}
	}
	if (clock.days.size >= MAX_MEMO_DAYS) clock.days.clear();
	clock.days.set(key, intervals);
	return intervals;
}

/** A day off: the calendar's own holidays, or a public holiday (its legal date or the substitute day the law moves it to). */
function isHoliday(clock: Clock, date: DateTime): boolean {
	const isoDate = date.toISODate() as string;
	if (clock.holidays.has(isoDate)) return true;
	if (clock.publicHolidays.length === 0) return false;
	let daysOff = clock.publicHolidayYears.get(date.year);
	if (!daysOff) {
		daysOff = new Set(clock.publicHolidays.flatMap((calendar) => publicHolidays(calendar, date.year).map((holiday) => holiday.date)));
		clock.publicHolidayYears.set(date.year, daysOff);
	}
	return daysOff.has(isoDate);
}

interface OpenInterval {
	start: number;
	end: number;
	date: DateTime;
}

/**
 * Open intervals from `from` on, clipped to start no earlier than it; up to about `until` when given. Throws when no
 * open time turns up in MAX_CLOSED_DAYS (only when unbounded) or the search passes MAX_SEARCH_DAYS.
 */
function* openIntervals(clock: Clock, from: number, until?: number): Generator<OpenInterval> {
	let date = localDateOf(from, clock.zone);
	let closedDays = 0;
	for (let days = 0; ; days++) {
		// A day or so of overshoot is harmless: intervals past `until` add nothing to the callers.
		if (until !== undefined && date.toMillis() - MAX_ZONE_LEAD_MS >= until) return;
		if (days > MAX_SEARCH_DAYS) {
			throw new FeedbackError(
				`The business-hours clock stops at 10 years after ${new Date(from).toISOString()}; shorten the duration`,
				'duration',
			);
		}
		const intervals = openIntervalsOn(clock, date);
		closedDays = intervals.length ? 0 : closedDays + 1;
		if (until === undefined && closedDays > MAX_CLOSED_DAYS) {
			throw new FeedbackError(
				`The business calendar has no open time in the 3 years after ${new Date(from).toISOString()}: check its week and holidays`,
				'calendar',
			);
		}
		for (const [start, end] of intervals) {
			if (end > from) yield { start: Math.max(start, from), end, date };
		}
		date = nextDate(date);
	}
}

function firstOpenInterval(clock: Clock, at: number): OpenInterval {
	// The generator is unbounded, so it yields or throws.
	return openIntervals(clock, at).next().value as OpenInterval;
}

/** Whether the calendar is open at this instant (ranges are open at their start, closed at their end). */
export function isOpenAt(calendar: BusinessCalendar, at: Date | string): boolean {
	const clock = clockFor(calendar);
	const instant = instantOf(at, clock.zone, 'at');
	return openIntervalsOn(clock, localDateOf(instant, clock.zone)).some(([start, end]) => start <= instant && instant < end);
}

/** The instant the clock next runs from: `at` itself when open, otherwise the next opening. */
export function nextOpening(calendar: BusinessCalendar, at: Date | string): Date {
	const clock = clockFor(calendar);
	return new Date(firstOpenInterval(clock, instantOf(at, clock.zone, 'at')).start);
}

/** Open milliseconds between two instants; negative when `to` is before `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date | string, to: Date | string): number {
	const clock = clockFor(calendar);
	const fromInstant = instantOf(from, clock.zone, 'from');
	const toInstant = instantOf(to, clock.zone, 'to');
	if (toInstant < fromInstant) return -openTimeBetween(clock, toInstant, fromInstant);
	return openTimeBetween(clock, fromInstant, toInstant);
}

function openTimeBetween(clock: Clock, from: number, to: number): number {
	let open = 0;
	for (const { start, end } of openIntervals(clock, from, to)) open += Math.max(0, Math.min(end, to) - start);
	return open;
}

/** The instant an SLA of this duration, started at `start`, falls due. */
export function slaDeadline(calendar: BusinessCalendar, start: Date | string, duration: SlaDuration): Date {
	const clock = clockFor(calendar);
	const startInstant = instantOf(start, clock.zone, 'start');
	const { amount, unit } = parseSlaDuration(duration);
	let due: number;
	if (unit === 'businessHours') due = afterOpenTime(clock, startInstant, Math.round(amount * HOUR_MS));
	else if (unit === 'businessDays') due = afterBusinessDays(clock, startInstant, amount);
	else if (unit === 'calendarHours') due = startInstant + Math.round(amount * HOUR_MS);
	else due = DateTime.fromMillis(startInstant, { zone: clock.zone }).plus({ days: amount }).toMillis();
	if (!Number.isFinite(due) || due - startInstant > MAX_SEARCH_DAYS * 24 * HOUR_MS) {
		throw new FeedbackError(`duration: ${amount} ${unit} reaches more than 10 years ahead`, 'duration.amount');
	}
	return new Date(due);
}

/** The instant `openTime` ms of open time after `from`; landing on a closing time keeps that closing time. */
function afterOpenTime(clock: Clock, from: number, openTime: number): number {
	let left = openTime;
	for (const { start, end } of openIntervals(clock, from)) {
		if (left <= end - start) return start + left;
		left -= end - start;
	}
	throw new Error('unreachable: openIntervals is unbounded');
}

/** The instant `offset` ms of open time into a day, capped at its last closing. */
function intoDay(intervals: Array<[number, number]>, offset: number): number {
	let left = offset;
	for (const [start, end] of intervals) {
		if (left <= end - start) return start + left;
		left -= end - start;
	}
	return intervals[intervals.length - 1][1];
}

function afterBusinessDays(clock: Clock, from: number, days: number): number {
	const opening = firstOpenInterval(clock, from);
	const startDay = openIntervalsOn(clock, opening.date);
	const intoStartDay = openTimeBetween(clock, startDay[0][0], opening.start);
	// From a day's first opening, N days run to the end of the N-th open day, that day counted as the first.
	let remaining = intoStartDay === 0 ? days - 1 : days;
	let date = opening.date;
	let intervals = startDay;
	for (let searched = 0; remaining > 0; searched++) {
		if (searched > MAX_SEARCH_DAYS) {
			throw new FeedbackError(`duration: ${days} businessDays reaches more than 10 years ahead`, 'duration.amount');
		}
		date = nextDate(date);
		intervals = openIntervalsOn(clock, date);
		if (intervals.length) remaining--;
	}
	return intoStartDay === 0 ? intervals[intervals.length - 1][1] : intoDay(intervals, intoStartDay);
}
