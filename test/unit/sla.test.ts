import { parseBusinessCalendar } from '../../nodes/core/businessHours';
import type { SlaPolicy } from '../../nodes/core/sla';
import {
	breachedAtDeadline,
	describeDuration,
	openSla,
	readAcceptedEvents,
	readInstant,
	readResumeCall,
	resumeUrlFor,
	resumedSla,
	slaStanding,
} from '../../nodes/core/sla';
import { feedbackError } from './expectations';

const weekdays = { monday: [{ start: '09:00', end: '18:00' }], tuesday: [{ start: '09:00', end: '18:00' }], wednesday: [{ start: '09:00', end: '18:00' }], thursday: [{ start: '09:00', end: '18:00' }], friday: [{ start: '09:00', end: '18:00' }] };
/** Paris, 9 h a day on weekdays, with France's public holidays. Paris is +01:00 in December. */
const paris = parseBusinessCalendar({ zone: 'Europe/Paris', week: weekdays, publicHolidays: ['fr'] });
const policy = (overrides: Partial<SlaPolicy> = {}): SlaPolicy => ({
	name: 'First contact',
	calendar: paris,
	duration: { amount: 18, unit: 'businessHours' },
	atRiskShare: 0.75,
	...overrides,
});

// Thursday 2026-12-03 16:00 Paris = 15:00Z. 18 business hours: 2 h Thursday, 9 h Friday, 7 h Monday → Monday
// 2026-12-07 16:00 Paris = 15:00Z. 75% is 13.5 h: 2 + 9 + 2.5 → Monday 11:30 Paris = 10:30Z.
const START = new Date('2026-12-03T15:00:00Z');
const DUE = '2026-12-07T15:00:00.000Z';
const AT_RISK = '2026-12-07T10:30:00.000Z';

describe('an SLA as it opens', () => {
	it('has its deadline and at-risk point in business hours, across the weekend, and no outcome', () => {
		expect(openSla(policy(), START, 'https://n8n.example.com/webhook-waiting/42/sla?signature=abc')).toEqual({
			policy: 'First contact',
			startedAt: '2026-12-03T15:00:00.000Z',
			dueAt: DUE,
			atRiskAt: AT_RISK,
			resumeUrl: 'https://n8n.example.com/webhook-waiting/42/sla?signature=abc',
			outcome: null,
			resolvedAt: null,
			breachedAt: null,
			event: null,
			resumeData: null,
		});
	});

	it('takes the at-risk point as a share of elapsed time for calendar units, and none when turned off', () => {
		// 10 calendar hours from 15:00Z, 75% = 7.5 h → 22:30Z.
		const calendarHours = policy({ duration: { amount: 10, unit: 'calendarHours' } });
		expect(openSla(calendarHours, START)).toMatchObject({ dueAt: '2026-12-04T01:00:00.000Z', atRiskAt: '2026-12-03T22:30:00.000Z' });
		expect(openSla(policy({ atRiskShare: null }), START).atRiskAt).toBeNull();
	});

	it('is breached at its deadline if the wait runs out, which is what the waiting item carries', () => {
		expect(breachedAtDeadline(openSla(policy(), START))).toMatchObject({ outcome: 'breached', breachedAt: DUE, resolvedAt: null, dueAt: DUE });
	});

	it('names an unnamed policy after its duration', () => {
		expect(describeDuration({ amount: 48, unit: 'businessHours' })).toBe('48 business hours');
		expect(describeDuration({ amount: 1, unit: 'businessDays' })).toBe('1 business day');
		expect(describeDuration({ amount: 2, unit: 'calendarHours' })).toBe('2 hours');
	});
});

describe('a resume call', () => {
	const waiting = breachedAtDeadline(openSla(policy(), START));

	it('before the deadline meets the SLA, keeping the event and the rest of the body', () => {
		const call = readResumeCall({ event: 'customerReplied', ticket: 4512, by: 'zendesk' });
		expect(resumedSla(waiting, new Date('2026-12-04T09:00:00Z'), call)).toMatchObject({
			outcome: 'met',
			resolvedAt: '2026-12-04T09:00:00.000Z',
			breachedAt: null,
			event: 'customerReplied',
			resumeData: { ticket: 4512, by: 'zendesk' },
		});
	});

	it('at the deadline itself still meets it; a second later breaches it, resolved late', () => {
		const call = readResumeCall({});
		expect(resumedSla(waiting, new Date(DUE), call).outcome).toBe('met');
		expect(resumedSla(waiting, new Date(Date.parse(DUE) + 1000), call)).toMatchObject({
			outcome: 'breached',
			breachedAt: DUE,
			resolvedAt: '2026-12-07T15:00:01.000Z',
			event: 'resolved',
		});
	});

	it('defaults to the event "resolved", and reads an empty body as no fields', () => {
		expect(readResumeCall(undefined)).toEqual({ event: 'resolved', data: {} });
		expect(readResumeCall('')).toEqual({ event: 'resolved', data: {} });
	});

	it('refuses what is not an event, naming the problem', () => {
		expect(feedbackError(() => readResumeCall([1, 2])).message).toMatch(/must be an object.*got a list/);
		expect(feedbackError(() => readResumeCall({ event: 'not an event!' })).field).toBe('body.event');
		expect(feedbackError(() => readResumeCall({ event: 42 })).message).toMatch(/event/);
		expect(feedbackError(() => readResumeCall({ event: 'resolved', note: 'x'.repeat(20_000) })).message).toMatch(/at most 16384/);
	});

	it('refuses an event the wait does not accept', () => {
		const accepted = readAcceptedEvents('resolved, customerReplied');
		expect(accepted).toEqual(['resolved', 'customerReplied']);
		expect(readResumeCall({ event: 'customerReplied' }, accepted).event).toBe('customerReplied');
		// A call that names no event records the first one the wait accepts.
		expect(readResumeCall({}, ['customerReplied', 'resolved']).event).toBe('customerReplied');
		expect(feedbackError(() => readResumeCall({ event: 'escalated' }, accepted)).message).toBe(
			'The event "escalated" does not resume this wait: it waits for "resolved", "customerReplied"',
		);
		expect(readAcceptedEvents('resolved;customerReplied resolved')).toEqual(['resolved', 'customerReplied']);
		expect(feedbackError(() => readAcceptedEvents('resolved, 9lives')).message).toBe('resumeEvents: "9lives" is not an event name such as resolved or customerReplied');
	});
});

describe('where an SLA stands at a check', () => {
	it('is on track before the at-risk point, at risk after it, breached after the deadline', () => {
		const check = (now: string) => slaStanding(policy(), START, new Date(now), null);
		// Friday 10:00 Paris (09:00Z): 2 h Thursday + 1 h Friday run, 15 h left.
		expect(check('2026-12-04T09:00:00Z')).toMatchObject({ standing: 'onTrack', outcome: null, remainingMinutes: 15 * 60 });
		// Monday 12:00 Paris (11:00Z): past 11:30 → at risk, 4 h left.
		expect(check('2026-12-07T11:00:00Z')).toMatchObject({ standing: 'atRisk', outcome: null, remainingMinutes: 4 * 60 });
		// Tuesday 10:00 Paris: 2 h Monday after 16:00 + 1 h Tuesday overdue.
		expect(check('2026-12-08T09:00:00Z')).toMatchObject({ standing: 'breached', outcome: 'breached', breachedAt: DUE, remainingMinutes: -3 * 60 });
	});

	it('counts no business time over the weekend: Saturday is as far from the deadline as Friday evening', () => {
		const friday = slaStanding(policy(), START, new Date('2026-12-04T17:00:00Z'), null);
		const saturday = slaStanding(policy(), START, new Date('2026-12-05T12:00:00Z'), null);
		expect(saturday.remainingMinutes).toBe(friday.remainingMinutes);
		expect(saturday.remainingMinutes).toBe(7 * 60);
	});

	it('is met when resolved by the deadline, breached when resolved later, whenever it is checked', () => {
		const later = new Date('2026-12-20T09:00:00Z');
		expect(slaStanding(policy(), START, later, new Date('2026-12-04T09:00:00Z'))).toMatchObject({
			standing: 'met',
			outcome: 'met',
			resolvedAt: '2026-12-04T09:00:00.000Z',
			breachedAt: null,
			remainingMinutes: 15 * 60,
		});
		expect(slaStanding(policy(), START, later, new Date('2026-12-08T09:00:00Z'))).toMatchObject({ standing: 'breached', breachedAt: DUE });
	});
});

describe('the resume URL', () => {
	it('puts the webhook path before n8n’s signature query', () => {
		expect(resumeUrlFor('https://n8n.example.com/webhook-waiting/42?signature=abc', 'sla')).toBe('https://n8n.example.com/webhook-waiting/42/sla?signature=abc');
		expect(resumeUrlFor('http://localhost:5678/webhook-waiting/7/', 'sla')).toBe('http://localhost:5678/webhook-waiting/7/sla');
	});

	it('refuses a resume URL n8n could not build', () => {
		expect(feedbackError(() => resumeUrlFor('undefined/webhook-waiting/7', 'sla')).message).toMatch(/WEBHOOK_URL/);
	});
});

describe('reading a start or resolution time', () => {
	it('reads ISO, SQL-style local times in the team’s zone, epoch seconds and milliseconds', () => {
		expect(readInstant('2026-12-03T16:00:00+01:00', 'SLA Starts', 'Europe/Paris')?.toISOString()).toBe('2026-12-03T15:00:00.000Z');
		expect(readInstant('2026-12-03 16:00:00', 'SLA Starts', 'Europe/Paris')?.toISOString()).toBe('2026-12-03T15:00:00.000Z');
		expect(readInstant('2026-07-03T16:00:00', 'SLA Starts', 'Europe/Paris')?.toISOString()).toBe('2026-07-03T14:00:00.000Z');
		expect(readInstant(1_796_396_400, 'SLA Starts', 'UTC')?.toISOString()).toBe('2026-12-04T15:00:00.000Z');
		expect(readInstant(1_796_396_400_000, 'SLA Starts', 'UTC')?.toISOString()).toBe('2026-12-04T15:00:00.000Z');
	});

	it('treats an empty value as none, and names the field of a malformed one', () => {
		expect(readInstant('', 'Resolved At', 'UTC')).toBeNull();
		expect(readInstant(null, 'Resolved At', 'UTC')).toBeNull();
		const error = feedbackError(() => readInstant('yesterday', 'SLA Starts', 'UTC'));
		expect(error.field).toBe('SLA Starts');
		expect(error.message).toBe('SLA Starts: expected a date-time such as 2026-12-01T09:30:00Z, got "yesterday"');
	});
});
