/**
 * SLA Wait's decisions, pure: the SLA an item carries while its execution waits, what a resume call means, and
 * where an open case stands when a sweep checks it.
 *
 * Why the waiting item already says "breached": when a wait times out, n8n does not run the node again; it passes
 * the node's input items through to output 0. So the node writes, on its input items before waiting, the record
 * that is true if nobody resumes it in time (`outcome: breached`, `breachedAt` = the deadline), and Breached is
 * output 0. A resume call replaces that record with what really happened.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

import type { BusinessCalendar, SlaDuration } from './businessHours';
import { businessTimeBetween, slaDeadline } from './businessHours';
import type { SLA_STANDINGS, slaSchema } from './feedback';
import { FeedbackError, describeValue } from './feedback';

export type SlaRecord = z.infer<typeof slaSchema>;
export type SlaStanding = (typeof SLA_STANDINGS)[number];

export interface SlaPolicy {
	/** Shown on the item and in escalations, e.g. "First contact within 2 business days". */
	name: string;
	calendar: BusinessCalendar;
	duration: SlaDuration;
	/** Share of the SLA (0 to 1, exclusive) after which an open case is at risk; null for no warning. */
	atRiskShare: number | null;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const UNIT_WORDS: Record<SlaDuration['unit'], [string, string]> = {
	businessDays: ['business day', 'business days'],
	businessHours: ['business hour', 'business hours'],
	calendarDays: ['calendar day', 'calendar days'],
	calendarHours: ['hour', 'hours'],
};

/** "48 business hours", for a policy the user did not name. */
export function describeDuration({ amount, unit }: SlaDuration): string {
	const [one, many] = UNIT_WORDS[unit];
	return `${amount} ${amount === 1 ? one : many}`;
}

/** Whether only open time counts: business hours and business days. */
export const isBusinessUnit = (unit: SlaDuration['unit']): boolean => unit === 'businessHours' || unit === 'businessDays';

/** Time that counts towards the SLA between two instants: open time for business units, elapsed time otherwise. */
function countedTime(policy: SlaPolicy, from: Date, to: Date): number {
	return isBusinessUnit(policy.duration.unit) ? businessTimeBetween(policy.calendar, from, to) : to.getTime() - from.getTime();
}

/** The instant a share of the SLA's counted time has run, from its start. */
function afterShare(policy: SlaPolicy, startedAt: Date, dueAt: Date, share: number): Date {
	const total = countedTime(policy, startedAt, dueAt);
	if (!isBusinessUnit(policy.duration.unit)) return new Date(startedAt.getTime() + Math.round(total * share));
	return slaDeadline(policy.calendar, startedAt, { amount: (total * share) / HOUR_MS, unit: 'businessHours' });
}

/** The SLA as it opens: its deadline and at-risk point, no outcome yet. */
export function openSla(policy: SlaPolicy, startedAt: Date, resumeUrl: string | null = null): SlaRecord {
	const dueAt = slaDeadline(policy.calendar, startedAt, policy.duration);
	return {
		policy: policy.name,
		startedAt: startedAt.toISOString(),
		dueAt: dueAt.toISOString(),
		atRiskAt: policy.atRiskShare === null ? null : afterShare(policy, startedAt, dueAt, policy.atRiskShare).toISOString(),
		resumeUrl,
		outcome: null,
		resolvedAt: null,
		breachedAt: null,
		event: null,
		resumeData: null,
	};
}

/** What the item must say if the wait runs out: breached at the deadline (see the header). */
export function breachedAtDeadline(sla: SlaRecord): SlaRecord {
	return { ...sla, outcome: 'breached', breachedAt: sla.dueAt, resolvedAt: null };
}

/** An accepted resume call: the event that happened, and the rest of what the caller sent. */
export interface ResumeCall {
	event: string;
	data: Record<string, unknown>;
}

/** Event names are identifiers such as `resolved` or `customer_replied`, so they are safe in a page and a log. */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const DEFAULT_RESUME_EVENT = 'resolved';
/** A resume call describes an event; a body this large is a mistake, not an event. */
export const MAX_RESUME_BODY_CHARS = 16_384;

const resumeBodySchema = z
	.object({
		event: z
			.string()
			.trim()
			.regex(EVENT_NAME, 'must be a name such as "resolved" or "customerReplied": a letter, then letters, digits, _ . or -, at most 64')
			.optional(),
	})
	.passthrough();

/**
 * Reads a resume call's body (JSON or form fields). `acceptedEvents`, when not empty, lists the events that may
 * resume the wait; `event` defaults to the first of them, else to "resolved". Throws a FeedbackError naming the problem.
 */
export function readResumeCall(body: unknown, acceptedEvents: readonly string[] = []): ResumeCall {
	const raw = body === undefined || body === null || body === '' ? {} : body;
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw new FeedbackError(`The resume call's body must be an object such as { "event": "resolved" }, got ${describeValue(raw)}`, 'body');
	}
	const size = JSON.stringify(raw).length;
	if (size > MAX_RESUME_BODY_CHARS) {
		throw new FeedbackError(`The resume call's body is ${size} characters long; at most ${MAX_RESUME_BODY_CHARS} are kept on the item`, 'body');
	}
	const parsed = resumeBodySchema.safeParse(raw);
	if (!parsed.success) {
		const [issue] = parsed.error.issues;
		throw new FeedbackError(`The resume call's ${issue.path.join('.') || 'body'} ${issue.message}`, `body.${issue.path.join('.')}`);
	}
	// With a list of accepted events, a call that names none records the first of them.
	const { event = acceptedEvents[0] ?? DEFAULT_RESUME_EVENT, ...data } = parsed.data;
	if (acceptedEvents.length > 0 && !acceptedEvents.includes(event)) {
		throw new FeedbackError(`The event "${event}" does not resume this wait: it waits for ${acceptedEvents.map((name) => `"${name}"`).join(', ')}`, 'body.event');
	}
	return { event, data: data as Record<string, unknown> };
}

/** Checks the names of the events a wait accepts, as the user typed them. */
export function readAcceptedEvents(text: string, field = 'resumeEvents'): string[] {
	const names = text
		.split(/[\s,;]+/)
		.map((name) => name.trim())
		.filter(Boolean);
	for (const name of names) {
		if (!EVENT_NAME.test(name)) throw new FeedbackError(`${field}: "${name}" is not an event name such as resolved or customerReplied`, field);
	}
	return [...new Set(names)];
}

/** The record once someone resumed the wait: met when on time, else breached at the deadline and resolved late. */
export function resumedSla(sla: SlaRecord, resumedAt: Date, call: ResumeCall): SlaRecord {
	const onTime = resumedAt.getTime() <= Date.parse(sla.dueAt);
	return {
		...sla,
		outcome: onTime ? 'met' : 'breached',
		resolvedAt: resumedAt.toISOString(),
		breachedAt: onTime ? null : sla.dueAt,
		event: call.event,
		resumeData: call.data,
	};
}

/**
 * Where an SLA stands at `now`, for check mode. A case resolved by its deadline is met, one resolved later or still
 * open past it is breached; an open one is at risk once the at-risk share of its counted time has run.
 * `remainingMinutes` is the counted time left (negative when overdue), in business minutes for business units.
 */
export function slaStanding(policy: SlaPolicy, startedAt: Date, now: Date, resolvedAt: Date | null): SlaRecord {
	const opened = openSla(policy, startedAt);
	const dueAt = new Date(opened.dueAt);
	const end = resolvedAt ?? now;
	const remainingMinutes = Math.round(countedTime(policy, end, dueAt) / MINUTE_MS);
	let standing: SlaStanding;
	if (end.getTime() > dueAt.getTime()) standing = 'breached';
	else if (resolvedAt) standing = 'met';
	else if (opened.atRiskAt && now.getTime() >= Date.parse(opened.atRiskAt)) standing = 'atRisk';
	else standing = 'onTrack';
	return {
		...opened,
		outcome: standing === 'met' || standing === 'breached' ? standing : null,
		resolvedAt: resolvedAt ? resolvedAt.toISOString() : null,
		breachedAt: standing === 'breached' ? opened.dueAt : null,
		standing,
		checkedAt: now.toISOString(),
		remainingMinutes,
	};
}

/** SLA Wait's restart webhook path: Create Case's Close resumes a wait at `resumeUrlFor($execution.resumeUrl, SLA_RESUME_PATH)`. */
export const SLA_RESUME_PATH = 'sla';

/** The resume URL for a webhook path: n8n's `$execution.resumeUrl` with the path before its signature query. */
export function resumeUrlFor(executionResumeUrl: string, webhookPath: string): string {
	if (!URL.canParse(executionResumeUrl)) {
		throw new FeedbackError(`n8n gave no usable resume URL (${describeValue(executionResumeUrl)}): check the instance's WEBHOOK_URL`, 'resumeUrl');
	}
	const url = new URL(executionResumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${webhookPath}`;
	return url.toString();
}

/** Epoch numbers below this are seconds (until the year 5138), above it milliseconds. */
const EPOCH_MILLIS_FROM = 1e11;

/**
 * Reads a start or resolution time: ISO 8601, SQL-style "2026-12-01 09:30:00" (read in `zone` when it has no
 * offset, as case stores write it), epoch seconds or milliseconds, a Date or a luxon DateTime. A missing one is
 * null, a malformed one an error naming the field.
 */
export function readInstant(value: unknown, field: string, zone: string): Date | null {
	if (value === undefined || value === null || value === '') return null;
	let instant: DateTime | null = null;
	if (value instanceof Date) instant = DateTime.fromJSDate(value);
	else if (DateTime.isDateTime(value)) instant = value;
	else if (typeof value === 'number' && Number.isFinite(value)) instant = DateTime.fromMillis(value < EPOCH_MILLIS_FROM ? value * 1000 : value);
	else if (typeof value === 'string') {
		const text = value.trim();
		instant = DateTime.fromISO(text, { zone });
		if (!instant.isValid) instant = DateTime.fromSQL(text, { zone });
	}
	if (!instant?.isValid) {
		throw new FeedbackError(`${field}: expected a date-time such as 2026-12-01T09:30:00Z, got ${describeValue(value)}`, field);
	}
	return instant.toJSDate();
}
