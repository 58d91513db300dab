/**
 * Simulate mode: how many alerts each rule and each owner would have received per day from a batch
 * of past responses, and how many the cooldown would have suppressed, before anyone goes live.
 * B2C programmes drown in alerts; this says by how much, per owner, on their busiest day. It
 * replays the responses in the order they were submitted, with the cooldown applied as it would
 * have been, and sends and records nothing.
 */
import { DateTime } from 'luxon';

import type { CooldownKey, EarlierAlert } from './cooldown';
import { cooldownKeyOf, decideCooldown } from './cooldown';
import { FeedbackError } from './feedback';
import { readPath } from './paths';

/** What the rules and routing make of one response: its rule and owner, or no alert. */
export type SimulatedVerdict = { rule: string; owner: string } | null;

export interface SimulationOptions {
	verdict: (item: unknown) => SimulatedVerdict;
	cooldownHours: number;
	cooldownFields?: readonly string[];
	/** IANA zone the days are counted in, e.g. `Europe/Paris`. */
	zone?: string;
}

export interface DailyCount {
	alerts: number;
	suppressed: number;
	/** Alerts per day, for the days that had any response routed here. */
	byDay: Record<string, number>;
}

export interface SimulationSummary {
	responses: number;
	/** Responses with no submission time, counted on the day they are replayed in order of the batch. */
	undated: number;
	alerts: number;
	suppressed: number;
	updates: number;
	noAlert: number;
	days: number;
	byRule: Record<string, DailyCount>;
	byOwner: Record<string, DailyCount & { busiestDay: string | null; busiestDayAlerts: number; alertsPerDay: number }>;
}

const emptyCount = (): DailyCount => ({ alerts: 0, suppressed: 0, byDay: {} });

/** Local midnight falls on a quarter hour in every zone, so one date per quarter hour is exact. */
const QUARTER_HOUR = 900;

/** The calendar day of a time in `zone`, computed once per quarter hour: a year of responses needs no more than 35,000 dates. */
function dayInZone(zone: string): (seconds: number) => string {
	if (!DateTime.fromSeconds(0, { zone }).isValid) {
		throw new FeedbackError(`Time zone "${zone}" is not a known IANA zone (e.g. "Europe/Paris")`, 'timeZone');
	}
	const days = new Map<number, string>();
	return (seconds) => {
		const quarter = Math.floor(seconds / QUARTER_HOUR);
		let day = days.get(quarter);
		if (day === undefined) {
			day = DateTime.fromSeconds(quarter * QUARTER_HOUR, { zone }).toISODate() ?? 'undated';
			days.set(quarter, day);
		}
		return day;
	};
}

/** Seconds since the epoch of an ISO time with its offset, or null; Date.parse reads these as luxon does, much faster. */
function secondsOf(submittedAt: unknown): number | null {
	if (typeof submittedAt !== 'string') return null;
	const milliseconds = Date.parse(submittedAt);
	return Number.isFinite(milliseconds) ? milliseconds / 1000 : null;
}

export function simulateAlerts(items: readonly unknown[], options: SimulationOptions): SimulationSummary {
	const dayOf = dayInZone(options.zone ?? 'UTC');
	// Replayed in submission order; undated responses keep their place after the dated ones before them.
	let lastSeconds = Number.NEGATIVE_INFINITY;
	const ordered = items
		.map((item, index) => {
			const submitted = secondsOf(readPath(item, 'feedback.submittedAt'));
			const seconds = submitted ?? lastSeconds;
			lastSeconds = Math.max(lastSeconds, seconds);
			return { item, index, dated: submitted !== null, seconds };
		})
		.sort((a, b) => a.seconds - b.seconds || a.index - b.index);

	const summary: SimulationSummary = { responses: items.length, undated: 0, alerts: 0, suppressed: 0, updates: 0, noAlert: 0, days: 0, byRule: {}, byOwner: {} };
	const alerted = new Map<string, EarlierAlert>();
	const days = new Set<string>();
	for (const { item, dated, seconds } of ordered) {
		if (!dated) summary.undated++;
		const day = dated ? dayOf(seconds) : 'undated';
		days.add(day);
		const verdict = options.verdict(item);
		if (!verdict) {
			summary.noAlert++;
			continue;
		}
		const rule = (summary.byRule[verdict.rule] ??= emptyCount());
		const owner = (summary.byOwner[verdict.owner] ??= { ...emptyCount(), busiestDay: null, busiestDayAlerts: 0, alertsPerDay: 0 });
		const key: CooldownKey | null = cooldownKeyOf(item, options.cooldownFields);
		const feedbackId = String(readPath(item, 'feedback.id') ?? '');
		const revision = Number(readPath(item, 'feedback.revision') ?? 1);
		const earlier = key ? alerted.get(key.key) : undefined;
		const fresh = earlier && earlier.at !== null && seconds - earlier.at < options.cooldownHours * 3600 ? earlier : undefined;
		const decision = decideCooldown({ key, earlier: fresh, feedbackId, revision, hours: options.cooldownHours });
		if (decision.outcome === 'suppressed') {
			summary.suppressed++;
			rule.suppressed++;
			owner.suppressed++;
			continue;
		}
		if (decision.outcome === 'update') {
			summary.updates++;
			continue;
		}
		summary.alerts++;
		for (const count of [rule, owner]) {
			count.alerts++;
			count.byDay[day] = (count.byDay[day] ?? 0) + 1;
		}
		if (key) alerted.set(key.key, { at: Number.isFinite(seconds) ? seconds : 0, feedbackId });
	}
	summary.days = days.size;
	for (const owner of Object.values(summary.byOwner)) {
		for (const [day, alerts] of Object.entries(owner.byDay)) {
			if (alerts > owner.busiestDayAlerts || (alerts === owner.busiestDayAlerts && owner.busiestDay !== null && day < owner.busiestDay)) {
				owner.busiestDay = day;
				owner.busiestDayAlerts = alerts;
			}
		}
		owner.alertsPerDay = summary.days ? Math.round((owner.alerts / summary.days) * 100) / 100 : 0;
	}
	return summary;
}
