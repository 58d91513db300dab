/**
 * Alert cooldowns: no second alert about the same customer within N hours, so owners keep reading
 * their alerts. A revision of a feedback already alerted (a Delighted comment arriving after the
 * score) updates that alert instead of counting as a new one or being suppressed.
 *
 * Pure decisions over what was alerted before; where that memory lives (the process, n8n's
 * deduplication store) is the node's business. Stored memory is bucketed in time (see
 * `coveredBuckets`) because n8n's store only answers "seen this exact key?".
 */
import { readPath } from './paths';

/** The fields that name the customer, in the order they are tried: the strongest id first. */
export const DEFAULT_COOLDOWN_FIELDS: readonly string[] = [
	'feedback.respondent.customerId',
	'feedback.respondent.email',
	'feedback.respondent.phone',
];

export interface CooldownKey {
	/** The value that identifies the customer, normalized so that spellings of one address agree. */
	key: string;
	/** The field it came from, for the reasons. */
	field: string;
}

/** Emails compare in lower case; phone numbers by their digits (and a leading +). */
function normalizedKey(field: string, value: string): string {
	if (/email/i.test(field) || /^[^@\s]+@[^@\s]+$/.test(value)) return value.trim().toLowerCase();
	if (/phone/i.test(field)) {
		const digits = value.replace(/[^\d+]/g, '');
		return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
	}
	return value.trim();
}

/** The first of `fields` the item has a value for, or null when the customer cannot be told apart. */
export function cooldownKeyOf(item: unknown, fields: readonly string[] = DEFAULT_COOLDOWN_FIELDS): CooldownKey | null {
	for (const field of fields) {
		const value = readPath(item, field);
		if ((typeof value === 'string' && value.trim()) || (typeof value === 'number' && Number.isFinite(value))) {
			const key = normalizedKey(field, String(value));
			if (key) return { key, field };
		}
	}
	return null;
}

/** What an earlier alert about this customer left behind. */
export interface EarlierAlert {
	/** Unix seconds; null when only the store knows of it (before a restart, or on another n8n process). */
	at: number | null;
	/** The feedback that alert was about, when it is known. */
	feedbackId: string | null;
}

export type CooldownDecision =
	| { outcome: 'alert'; reason: string }
	/** The same feedback again, revised: its alert is updated. */
	| { outcome: 'update'; earlier: EarlierAlert; reason: string }
	| { outcome: 'suppressed'; earlier: EarlierAlert; reason: string };

const timeOf = (earlier: EarlierAlert) =>
	earlier.at === null ? 'an earlier time (recorded before a restart or by another n8n process)' : new Date(earlier.at * 1000).toISOString().replace('.000Z', 'Z');

export function decideCooldown(options: {
	key: CooldownKey | null;
	earlier: EarlierAlert | undefined;
	feedbackId: string;
	revision: number;
	hours: number;
	/** A retry of a failed execution (n8n's Retry): what came after this node may not have sent the alert. */
	retry?: boolean;
}): CooldownDecision {
	const { key, earlier, feedbackId, revision, hours } = options;
	if (hours <= 0) return { outcome: 'alert', reason: 'no cooldown is set' };
	if (!key) return { outcome: 'alert', reason: 'no customer id, email or phone to apply the cooldown to' };
	if (!earlier) return { outcome: 'alert', reason: `no alert about ${key.field} in the last ${hours} h` };
	if (earlier.feedbackId === feedbackId) {
		if (revision > 1) return { outcome: 'update', earlier, reason: `revision ${revision} of the response alerted at ${timeOf(earlier)}` };
		// The Survey Trigger lets each delivery through once, so the same response again is a retried execution or a replay.
		return options.retry
			? { outcome: 'update', earlier, reason: `a retried execution: this response was alerted at ${timeOf(earlier)}, and its alert goes out again` }
			: { outcome: 'suppressed', earlier, reason: `this response was already alerted at ${timeOf(earlier)}` };
	}
	return {
		outcome: 'suppressed',
		earlier,
		reason: `cooldown: the same customer (${key.field}) was alerted at ${timeOf(earlier)}, less than ${hours} h ago`,
	};
}

/**
 * Time buckets for a store that only knows exact keys: an alert records its customer under every
 * bucket its cooldown covers, so a later check asks for one key, the bucket of now. At most 25
 * buckets an alert (an hour each, longer for cooldowns over a day), so the store stays small; a
 * stored cooldown may so last up to one bucket longer than set, never shorter.
 */
export function cooldownBucketSeconds(hours: number): number {
	return Math.max(3600, Math.ceil((hours * 3600) / 24));
}

/** The buckets an alert at `seconds` covers: its own and each one its cooldown reaches into. */
export function coveredBuckets(seconds: number, hours: number): number[] {
	const size = cooldownBucketSeconds(hours);
	const first = Math.floor(seconds / size);
	const last = Math.floor((seconds + hours * 3600 - 1) / size);
	return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
