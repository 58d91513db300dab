import {
	businessTimeBetween,
	isOpenAt,
	nextOpening,
	parseBusinessCalendar,
	parseSlaDuration,
	slaDeadline,
} from '../../nodes/core/businessHours';
import type { BusinessCalendar, SlaDuration } from '../../nodes/core/businessHours';
import { feedbackError } from './expectations';

const HOUR = 3_600_000;
const range = (start: string, end: string) => ({ start, end });
const workday = [range('09:00', '12:30'), range('13:30', '18:00')];
const weekdays = (hours: Array<{ start: string; end: string }>) => ({
	monday: hours,
	tuesday: hours,
	wednesday: hours,
	thursday: hours,
	friday: hours,
});

/** Paris office, 8 h a day with a lunch break; Christmas and New Year's Day off. Paris is +01:00 in December. */
const office = parseBusinessCalendar({
	zone: 'Europe/Paris',
	week: weekdays(workday),
	holidays: ['2026-12-25', '2027-01-01'],
});
/** Paris, 9 h Monday to Thursday, 7 h on Friday. */
const shortFriday = parseBusinessCalendar({
	zone: 'Europe/Paris',
	week: { ...weekdays([range('09:00', '18:00')]), friday: [range('09:00', '16:00')] },
});
/** Paris, open only on Sunday night 01:00–04:00: the hours DST changes. */
const parisNight = parseBusinessCalendar({ zone: 'Europe/Paris', week: { sunday: [range('01:00', '04:00')] } });
/** Paris, open Sunday 02:30–05:00: starts inside the skipped hour in March and the repeated hour in October. */
const parisGap = parseBusinessCalendar({ zone: 'Europe/Paris', week: { sunday: [range('02:30', '05:00')] } });
/** Montreal, 08:00–17:00 on weekdays plus a Sunday night shift 01:00–04:00. EST is -05:00, EDT -04:00. */
const montreal = parseBusinessCalendar({
	zone: 'America/Montreal',
	week: { ...weekdays([range('08:00', '17:00')]), sunday: [range('01:00', '04:00')] },
});
/** Paris, a night shift from Friday 20:00 to Saturday 02:00, written as two days' ranges. */
const nightShift = parseBusinessCalendar({
	zone: 'Europe/Paris',
	week: { friday: [range('20:00', '24:00')], saturday: [range('00:00', '02:00')] },
});
/** Paris, open round the clock: every day 00:00–24:00. */
const aroundTheClock = parseBusinessCalendar({
	zone: 'Europe/Paris',
	week: { ...weekdays([range('00:00', '24:00')]), saturday: [range('00:00', '24:00')], sunday: [range('00:00', '24:00')] },
});

const bh = (amount: number): SlaDuration => ({ amount, unit: 'businessHours' });
const bd = (amount: number): SlaDuration => ({ amount, unit: 'businessDays' });
const ch = (amount: number): SlaDuration => ({ amount, unit: 'calendarHours' });
const cd = (amount: number): SlaDuration => ({ amount, unit: 'calendarDays' });

// 2026-12-01 is a Tuesday; 2026-12-04 a Friday; 2026-12-25 and 2027-01-01 Fridays.
// Paris DST: 2026-03-29 (02:00 +01 → 03:00 +02) and 2026-10-25 (03:00 +02 → 02:00 +01).
// Montreal DST: 2026-03-08 (02:00 -05 → 03:00 -04) and 2026-11-01 (02:00 -04 → 01:00 -05).
const deadlines: Array<[string, BusinessCalendar, string, SlaDuration, string]> = [
	// Tue 10:00 + 2 h: open all along.
	['within the morning', office, '2026-12-01T10:00:00+01:00', bh(2), '2026-12-01T12:00:00+01:00'],
	// Tue 11:30 + 2 h: 1 h until 12:30, lunch closed, 13:30 + 1 h = 14:30.
	['over the lunch break', office, '2026-12-01T11:30:00+01:00', bh(2), '2026-12-01T14:30:00+01:00'],
	// Tue 12:00 + 0.5 h lands on the 12:30 closing, and stays there.
	['landing on the lunch closing', office, '2026-12-01T12:00:00+01:00', bh(0.5), '2026-12-01T12:30:00+01:00'],
	// Tue 12:45 is lunch: counting starts at 13:30, + 1 h = 14:30.
	['from inside the lunch break', office, '2026-12-01T12:45:00+01:00', bh(1), '2026-12-01T14:30:00+01:00'],
	// Tue 17:00 + 1 h lands on the 18:00 closing, not Wednesday 09:00.
	['landing on the evening closing', office, '2026-12-01T17:00:00+01:00', bh(1), '2026-12-01T18:00:00+01:00'],
	// Tue 17:00 + 2 h: 1 h until 18:00, Wed 09:00 + 1 h = 10:00.
	['overnight', office, '2026-12-01T17:00:00+01:00', bh(2), '2026-12-02T10:00:00+01:00'],
	// Fri 17:00 + 2 h: 1 h Fri until 18:00, weekend closed, Mon 09:00 + 1 h = Mon 10:00.
	['over the weekend', office, '2026-12-04T17:00:00+01:00', bh(2), '2026-12-07T10:00:00+01:00'],
	// Sat 10:00 is closed: Mon 09:00 + 1 h = Mon 10:00.
	['from a Saturday', office, '2026-12-05T10:00:00+01:00', bh(1), '2026-12-07T10:00:00+01:00'],
	// Tue 07:00 is before opening: 09:00 + 1.5 h = 10:30.
	['from before opening, fractional', office, '2026-12-01T07:00:00+01:00', bh(1.5), '2026-12-01T10:30:00+01:00'],
	// Tue 20:00 is after closing: Wed 09:00, 3.5 h to 12:30, 4.5 h from 13:30 = 18:00, the closing.
	['a full day from after closing', office, '2026-12-01T20:00:00+01:00', bh(8), '2026-12-02T18:00:00+01:00'],
	// Tue 10:00 + 40 h: Tue 7 h (2.5 + 4.5), Wed, Thu, Fri 8 h each (31 h), Mon 8 h (39 h), Tue 8 Dec 09:00 + 1 h.
	['a working week', office, '2026-12-01T10:00:00+01:00', bh(40), '2026-12-08T10:00:00+01:00'],
	// Thu 24 Dec 17:00 + 2 h: 1 h Thu, Fri 25 holiday, weekend, Mon 28 09:00 + 1 h = 10:00.
	['over Christmas', office, '2026-12-24T17:00:00+01:00', bh(2), '2026-12-28T10:00:00+01:00'],
	// Tue 1 Dec 09:00 + 200 h = 25 days of 8 h from an opening: Dec 1–4 (4), 7–11 (9), 14–18 (14), 21–24 (18,
	// 25th off), 28–31 (22, 1 Jan off), Jan 4, 5, 6 (25): Wed 6 Jan at its 18:00 closing.
	['200 business hours', office, '2026-12-01T09:00:00+01:00', bh(200), '2027-01-06T18:00:00+01:00'],
	// Fri 15:00 + 2 h on a 16:00 Friday: 1 h Fri, Mon 09:00 + 1 h = 10:00.
	['a short Friday', shortFriday, '2026-12-04T15:00:00+01:00', bh(2), '2026-12-07T10:00:00+01:00'],

	// Business days: as far into the N-th next open day as the start was into its own.
	// Tue 10:00 + 1 day = Wed 10:00.
	['one business day', office, '2026-12-01T10:00:00+01:00', bd(1), '2026-12-02T10:00:00+01:00'],
	// Tue 10:00 + 3 days = Fri 10:00.
	['three business days', office, '2026-12-01T10:00:00+01:00', bd(3), '2026-12-04T10:00:00+01:00'],
	// Fri 10:00 + 1 day skips the weekend: Mon 10:00.
	['a business day over the weekend', office, '2026-12-04T10:00:00+01:00', bd(1), '2026-12-07T10:00:00+01:00'],
	// Sat 10:00 counts from Mon 09:00, a first opening: 1 day = the end of Monday, 18:00.
	['a business day from a Saturday', office, '2026-12-05T10:00:00+01:00', bd(1), '2026-12-07T18:00:00+01:00'],
	// Tue 08:00 counts from Tue 09:00, a first opening: 2 days = the end of Wednesday.
	['business days from before opening', office, '2026-12-01T08:00:00+01:00', bd(2), '2026-12-02T18:00:00+01:00'],
	// Tue 18:00 is the closing, so outside hours: from Wed 09:00, 1 day = the end of Wednesday.
	['a business day from the closing', office, '2026-12-01T18:00:00+01:00', bd(1), '2026-12-02T18:00:00+01:00'],
	// Tue 12:45 counts from 13:30, 3.5 h into the day: Wed 3.5 h in lands on the 12:30 closing.
	['a business day from lunch', office, '2026-12-01T12:45:00+01:00', bd(1), '2026-12-02T12:30:00+01:00'],
	// Thu 24 Dec 15:00 is 5 h into the day (3.5 + 1.5); Fri 25 is off: Mon 28, 5 h in = 13:30 + 1.5 h = 15:00.
	['a business day over Christmas', office, '2026-12-24T15:00:00+01:00', bd(1), '2026-12-28T15:00:00+01:00'],
	// Thu 17:00 is 8 h into the day; Friday has only 7 h: its 16:00 closing.
	['a business day into a short Friday', shortFriday, '2026-12-03T17:00:00+01:00', bd(1), '2026-12-04T16:00:00+01:00'],
	// Thu 17:00, 8 h in; 2 days on is Monday, 8 h in = 17:00.
	['two business days past a short Friday', shortFriday, '2026-12-03T17:00:00+01:00', bd(2), '2026-12-07T17:00:00+01:00'],
	// Fri 27 Mar 10:00 (+01:00) + 1 day: Mon 30 Mar 10:00, now +02:00 (wall clock kept over the DST weekend).
	['a business day over the spring change', office, '2026-03-27T10:00:00+01:00', bd(1), '2026-03-30T10:00:00+02:00'],

	// Calendar time.
	// Fri 17:00 + 2 calendar hours = Fri 19:00, closed or not.
	['calendar hours', office, '2026-12-04T17:00:00+01:00', ch(2), '2026-12-04T19:00:00+01:00'],
	// Fri 17:00 + 3 calendar days = Mon 17:00.
	['calendar days', office, '2026-12-04T17:00:00+01:00', cd(3), '2026-12-07T17:00:00+01:00'],
	// Sat 28 Mar 12:00 +01:00 (11:00Z) + 24 elapsed hours = 29 Mar 11:00Z = 13:00 +02:00.
	['calendar hours over the Paris spring change', office, '2026-03-28T12:00:00+01:00', ch(24), '2026-03-29T13:00:00+02:00'],
	// Sat 28 Mar 12:00 + 1 calendar day keeps 12:00: 29 Mar 12:00 +02:00 (23 elapsed hours).
	['a calendar day over the Paris spring change', office, '2026-03-28T12:00:00+01:00', cd(1), '2026-03-29T12:00:00+02:00'],
	// Sat 24 Oct 12:00 +02:00 + 1 calendar day keeps 12:00: 25 Oct 12:00 +01:00 (25 elapsed hours).
	['a calendar day over the Paris autumn change', office, '2026-10-24T12:00:00+02:00', cd(1), '2026-10-25T12:00:00+01:00'],
	// Sat 7 Mar 12:00 -05:00 + 1 calendar day keeps 12:00: 8 Mar 12:00 -04:00.
	['a calendar day over the Montreal spring change', montreal, '2026-03-07T12:00:00-05:00', cd(1), '2026-03-08T12:00:00-04:00'],

	// DST nights.
	// Sun 29 Mar opens 01:00 +01:00 (00:00Z); 04:00 is +02:00 (02:00Z): only 2 h open, so + 2 h = the 04:00 closing.
	['the short Paris spring night', parisNight, '2026-03-28T12:00:00+01:00', bh(2), '2026-03-29T04:00:00+02:00'],
	// Sun 25 Oct opens 01:00 +02:00 (24 Oct 23:00Z), + 3 h = 02:00Z, which reads 03:00 +01:00 (an hour before closing).
	['the long Paris autumn night', parisNight, '2026-10-24T12:00:00+02:00', bh(3), '2026-10-25T03:00:00+01:00'],
	// Fri 6 Mar 16:00 -05:00: 1 h until 17:00; Sun 8 Mar 01:00 -05:00 (06:00Z) + 1 h = 07:00Z = 03:00 -04:00.
	['into the Montreal spring night', montreal, '2026-03-06T16:00:00-05:00', bh(2), '2026-03-08T03:00:00-04:00'],
	// Same start + 4 h: 1 h Fri, the whole 2 h Sunday night (06:00Z–08:00Z), Mon 9 Mar 08:00 -04:00 + 1 h.
	['over the Montreal spring night', montreal, '2026-03-06T16:00:00-05:00', bh(4), '2026-03-09T09:00:00-04:00'],
	// Fri 30 Oct 16:00 -04:00: 1 h Fri; Sun 1 Nov opens at the first 01:00, -04:00 (05:00Z), + 3 h = 08:00Z = 03:00 -05:00.
	['into the Montreal autumn night', montreal, '2026-10-30T16:00:00-04:00', bh(4), '2026-11-01T03:00:00-05:00'],

	// Across midnight: Friday's range ends 24:00 and Saturday's starts 00:00, one stretch.
	// Fri 23:00 + 2 h: 1 h until midnight, Sat 00:00 + 1 h = 01:00.
	['through midnight', nightShift, '2026-12-04T23:00:00+01:00', bh(2), '2026-12-05T01:00:00+01:00'],
	// Fri 23:00 + 1 h lands on midnight, Friday's 24:00 closing.
	['landing on midnight', nightShift, '2026-12-04T23:00:00+01:00', bh(1), '2026-12-05T00:00:00+01:00'],
	// Sat 01:30 + 1 h: 0.5 h until 02:00, then next Friday 20:00 + 0.5 h.
	['to the next night shift', nightShift, '2026-12-05T01:30:00+01:00', bh(1), '2026-12-11T20:30:00+01:00'],
	// Round the clock, business hours are elapsed hours: Sat 28 Mar 12:00 +01:00 (11:00Z) + 24 h = 13:00 +02:00.
	['round the clock over the spring change', aroundTheClock, '2026-03-28T12:00:00+01:00', bh(24), '2026-03-29T13:00:00+02:00'],
	// Round the clock, Tue 10:00 is 10 h into the day: Wed 10 h in = Wed 10:00.
	['a business day round the clock', aroundTheClock, '2026-12-01T10:00:00+01:00', bd(1), '2026-12-02T10:00:00+01:00'],
	// A start without an offset is read in the calendar's zone: Tue 10:00 Paris + 2 h.
	['a start without an offset', office, '2026-12-01T10:00:00', bh(2), '2026-12-01T12:00:00+01:00'],
];

describe('the SLA deadline', () => {
	it.each(deadlines)('%s', (_name, calendar, start, duration, due) => {
		expect(slaDeadline(calendar, start, duration).toISOString()).toBe(new Date(due).toISOString());
	});

	it('takes a Date as the start', () => {
		// Tue 17:00 +01:00 is 16:00Z; + 2 h = Wed 10:00 +01:00.
		expect(slaDeadline(office, new Date('2026-12-01T16:00:00Z'), bh(2)).toISOString()).toBe('2026-12-02T09:00:00.000Z');
	});
});

const openTime: Array<[string, BusinessCalendar, string, string, number]> = [
	// Tue 10:00–15:00: 2.5 h until 12:30, 1.5 h from 13:30.
	['a day with lunch', office, '2026-12-01T10:00:00+01:00', '2026-12-01T15:00:00+01:00', 4 * HOUR],
	// Fri 17:00 to Mon 10:00: 1 h Friday, 1 h Monday.
	['over a weekend', office, '2026-12-04T17:00:00+01:00', '2026-12-07T10:00:00+01:00', 2 * HOUR],
	// Negative when `to` is before `from`: overdue time.
	['backwards', office, '2026-12-01T15:00:00+01:00', '2026-12-01T10:00:00+01:00', -4 * HOUR],
	['within a weekend', office, '2026-12-05T10:00:00+01:00', '2026-12-06T20:00:00+01:00', 0],
	['an empty span', office, '2026-12-01T10:00:00+01:00', '2026-12-01T10:00:00+01:00', 0],
	// Thu 24 Dec 09:00 to Mon 28 Dec 09:00: Thursday 8 h, Friday off.
	['over a holiday', office, '2026-12-24T09:00:00+01:00', '2026-12-28T09:00:00+01:00', 8 * HOUR],
	// Sun 29 Mar 01:00 +01:00 (00:00Z) to 04:00 +02:00 (02:00Z): 2 h.
	['the Paris spring night', parisNight, '2026-03-28T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 2 * HOUR],
	// Sun 25 Oct 01:00 +02:00 (24 Oct 23:00Z) to 04:00 +01:00 (03:00Z): 4 h.
	['the Paris autumn night', parisNight, '2026-10-24T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 4 * HOUR],
	// 02:30 does not exist on 29 Mar: read at +01:00, 01:30Z = 03:30 +02:00, until 05:00 +02:00: 1.5 h.
	['a range starting in the skipped hour', parisGap, '2026-03-28T00:00:00+01:00', '2026-03-30T00:00:00+02:00', 1.5 * HOUR],
	// 02:30 happens twice on 25 Oct: the first, +02:00 (00:30Z), until 05:00 +01:00 (04:00Z): 3.5 h.
	['a range starting in the repeated hour', parisGap, '2026-10-24T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 3.5 * HOUR],
	// Sun 1 Nov 01:00 first occurrence -04:00 (05:00Z) to 04:00 -05:00 (09:00Z): 4 h.
	['the Montreal autumn night', montreal, '2026-10-31T00:00:00-04:00', '2026-11-01T12:00:00-05:00', 4 * HOUR],
	// Fri 19:00 to Sat 03:00: 4 h until midnight and 2 h after.
	['a night shift through midnight', nightShift, '2026-12-04T19:00:00+01:00', '2026-12-05T03:00:00+01:00', 6 * HOUR],
];

describe('business time between two instants', () => {
	it.each(openTime)('%s', (_name, calendar, from, to, expected) => {
		expect(businessTimeBetween(calendar, from, to)).toBe(expected);
	});
});

describe('opening times', () => {
	it.each([
		['at an opening, open', office, '2026-12-01T09:00:00+01:00', true],
		['at a closing, closed', office, '2026-12-01T12:30:00+01:00', false],
		['in the afternoon', office, '2026-12-01T15:00:00+01:00', true],
		['on Christmas Day', office, '2026-12-25T10:00:00+01:00', false],
		['on a Sunday', office, '2026-12-06T10:00:00+01:00', false],
		['at midnight in a night shift', nightShift, '2026-12-05T00:00:00+01:00', true],
	] as Array<[string, BusinessCalendar, string, boolean]>)('%s', (_name, calendar, at, open) => {
		expect(isOpenAt(calendar, at)).toBe(open);
	});

	it.each([
		// Open already: the instant itself.
		['while open', office, '2026-12-01T10:00:00+01:00', '2026-12-01T10:00:00+01:00'],
		['at the lunch closing', office, '2026-12-01T12:30:00+01:00', '2026-12-01T13:30:00+01:00'],
		// Thu 24 Dec evening: Fri 25 off, weekend, Mon 28 09:00.
		['before Christmas', office, '2026-12-24T18:30:00+01:00', '2026-12-28T09:00:00+01:00'],
		// 02:30 skipped on 29 Mar: 03:30 +02:00.
		['into the skipped hour', parisGap, '2026-03-28T12:00:00+01:00', '2026-03-29T03:30:00+02:00'],
		// 02:30 twice on 25 Oct: the first, +02:00.
		['into the repeated hour', parisGap, '2026-10-24T12:00:00+02:00', '2026-10-25T02:30:00+02:00'],
	] as Array<[string, BusinessCalendar, string, string]>)('the next opening %s', (_name, calendar, at, expected) => {
		expect(nextOpening(calendar, at).toISOString()).toBe(new Date(expected).toISOString());
	});
});

describe('a business calendar', () => {
	const calendarWith = (overrides: Record<string, unknown>) => ({
		zone: 'Europe/Paris',
		week: { monday: [range('09:00', '18:00')] },
		...overrides,
	});

	it('accepts an end of 24:00, leaves missing days closed, and defaults to no holidays', () => {
		const calendar = parseBusinessCalendar(calendarWith({ week: { monday: [range('20:00', '24:00')] } }));
		expect(calendar.week.monday).toEqual([range('20:00', '24:00')]);
		expect(calendar.week.tuesday).toEqual([]);
		expect(calendar.holidays).toEqual([]);
	});

	it.each([
		['an unknown zone', { zone: 'Europe/Pariss' }, 'calendar.zone', /"Europe\/Pariss" is not an IANA time zone/],
		['a time without two digits', { week: { monday: [range('9:00', '18:00')] } }, 'calendar.week.monday.0.start', /HH:mm/],
		['a start of 24:00', { week: { monday: [range('24:00', '24:00')] } }, 'calendar.week.monday.0.start', /00:00 to 23:59/],
		['an hour past 24', { week: { monday: [range('09:00', '25:00')] } }, 'calendar.week.monday.0.end', /00:01 to 24:00/],
		['an end before the start', { week: { monday: [range('18:00', '09:00')] } }, 'calendar.week.monday.0.end', /after the start/],
		['an end equal to the start', { week: { monday: [range('09:00', '09:00')] } }, 'calendar.week.monday.0.end', /after the start/],
		[
			'overlapping ranges',
			{ week: { monday: [range('13:00', '18:00'), range('09:00', '13:30')] } },
			'calendar.week.monday.0',
			/13:00–18:00 overlaps 09:00–13:30/,
		],
		['an unknown weekday', { week: { mon: [range('09:00', '18:00')] } }, 'calendar.week', /mon/],
		['a week with no open hours', { week: { monday: [] } }, 'calendar.week', /no open hours/],
		['an impossible holiday', { holidays: ['2026-02-30'] }, 'calendar.holidays.0', /YYYY-MM-DD/],
		['a holiday in another format', { holidays: ['25/12/2026'] }, 'calendar.holidays.0', /YYYY-MM-DD/],
	])('refuses %s, naming the field', (_name, overrides, field, message) => {
		const error = feedbackError(() => parseBusinessCalendar(calendarWith(overrides)));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});

	it('is frozen once parsed, since each calendar remembers its open intervals', () => {
		expect(Object.isFrozen(office)).toBe(true);
		expect(Object.isFrozen(office.week.monday)).toBe(true);
		expect(Object.isFrozen(office.week.monday[0])).toBe(true);
		expect(Object.isFrozen(office.holidays)).toBe(true);
	});

	it('is validated when built by hand rather than parsed', () => {
		const handMade = { zone: 'Mars/Olympus', week: { monday: [range('09:00', '18:00')] }, holidays: [] } as unknown as BusinessCalendar;
		expect(feedbackError(() => isOpenAt(handMade, '2026-12-07T10:00:00+01:00')).field).toBe('calendar.zone');
	});

	it('with no open time for years gives a clear error, not an endless search', () => {
		// Open on Mondays only, and every Monday from 30 Nov 2026 on for 4 years is a holiday.
		const mondays: string[] = [];
		for (let day = Date.UTC(2026, 10, 30); mondays.length < 4 * 53; day += 7 * 24 * HOUR) {
			mondays.push(new Date(day).toISOString().slice(0, 10));
		}
		const closed = parseBusinessCalendar(calendarWith({ holidays: mondays }));
		const error = feedbackError(() => slaDeadline(closed, '2026-12-01T10:00:00+01:00', bh(1)));
		expect(error.message).toMatch(/no open time in the 3 years/);
		// A bounded question still has its answer: no open time in December.
		expect(businessTimeBetween(closed, '2026-12-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00')).toBe(0);
	});
});

describe('an SLA duration', () => {
	it('allows fractional business hours', () => {
		expect(parseSlaDuration({ amount: 1.5, unit: 'businessHours' })).toEqual({ amount: 1.5, unit: 'businessHours' });
	});

	it.each([
		['a zero amount', { amount: 0, unit: 'businessHours' }, 'duration.amount'],
		['a negative amount', { amount: -2, unit: 'calendarHours' }, 'duration.amount'],
		['an infinite amount', { amount: Infinity, unit: 'businessHours' }, 'duration.amount'],
		['a text amount', { amount: '4', unit: 'businessHours' }, 'duration.amount'],
		['half a business day', { amount: 1.5, unit: 'businessDays' }, 'duration.amount'],
		['an unknown unit', { amount: 4, unit: 'minutes' }, 'duration.unit'],
	])('refuses %s, naming the field', (_name, raw, field) => {
		expect(feedbackError(() => parseSlaDuration(raw)).field).toBe(field);
		expect(feedbackError(() => slaDeadline(office, '2026-12-01T10:00:00+01:00', raw as SlaDuration)).field).toBe(field);
	});

	it('refuses a start that is not a date-time, and a deadline beyond 10 years', () => {
		expect(feedbackError(() => slaDeadline(office, 'yesterday', bh(1))).field).toBe('start');
		expect(feedbackError(() => slaDeadline(office, new Date(Number.NaN), bh(1))).field).toBe('start');
		// 8 h a day, about 250 days a year: 30,000 h is about 15 years.
		expect(feedbackError(() => slaDeadline(office, '2026-12-01T10:00:00+01:00', bh(30_000))).message).toMatch(/10 years/);
	});
});

describe('built-in public holidays on the clock', () => {
	/** Paris, 09:00–18:00 on weekdays, with France's public holidays. */
	const france = parseBusinessCalendar({ zone: 'Europe/Paris', week: weekdays([range('09:00', '18:00')]), publicHolidays: ['fr'] });
	/** London, 09:00–17:00 on weekdays, with England and Wales' bank holidays. */
	const england = parseBusinessCalendar({ zone: 'Europe/London', week: weekdays([range('09:00', '17:00')]), publicHolidays: ['gb-eaw'] });

	it('skips Easter Monday, a movable feast', () => {
		// Easter 2026 is Sunday 5 April, so Monday 6 April is off. Friday 3 April 17:00 (+02:00): 1 h on Friday,
		// nothing on Monday, then 7 h from Tuesday 09:00 → Tuesday 16:00 +02:00 = 14:00Z.
		expect(slaDeadline(france, '2026-04-03T17:00:00+02:00', bh(8)).toISOString()).toBe('2026-04-07T14:00:00.000Z');
		// The same SLA without the calendar lands on Monday.
		const plain = parseBusinessCalendar({ zone: 'Europe/Paris', week: weekdays([range('09:00', '18:00')]) });
		expect(slaDeadline(plain, '2026-04-03T17:00:00+02:00', bh(8)).toISOString()).toBe('2026-04-06T14:00:00.000Z');
	});

	it('skips Ascension Thursday and computes each year the clock reaches', () => {
		// Easter 2027 is 28 March, so Ascension is Thursday 6 May 2027. Wednesday 5 May 17:00: 1 h, Thursday off, 1 h
		// on Friday from 09:00 → 10:00 +02:00 = 08:00Z.
		expect(slaDeadline(france, '2027-05-05T17:00:00+02:00', bh(2)).toISOString()).toBe('2027-05-07T08:00:00.000Z');
		expect(isOpenAt(france, '2027-05-06T10:00:00+02:00')).toBe(false);
		expect(isOpenAt(france, '2027-05-07T10:00:00+02:00')).toBe(true);
	});

	it('takes the UK substitute days when Christmas falls on a weekend', () => {
		// 25 December 2027 is a Saturday, 26 a Sunday: the bank holidays move to Monday 27 and Tuesday 28. Two business
		// days from Friday 24 December 09:00 (a first opening) run to the end of the second open day, Wednesday 29 17:00Z.
		expect(slaDeadline(england, '2027-12-24T09:00:00Z', bd(2)).toISOString()).toBe('2027-12-29T17:00:00.000Z');
		expect(businessTimeBetween(england, '2027-12-24T17:00:00Z', '2027-12-29T09:00:00Z')).toBe(0);
	});

	it('refuses a calendar it does not know, naming the field', () => {
		const error = feedbackError(() => parseBusinessCalendar({ zone: 'Europe/Paris', week: weekdays(workday), publicHolidays: ['xx'] }));
		expect(error.field).toBe('calendar.publicHolidays.0');
		expect(error.message).toMatch(/must be one of be, ca-qc/);
	});
});
