import { cooldownBucketSeconds, cooldownKeyOf, coveredBuckets, decideCooldown } from '../../nodes/core/cooldown';

const respondent = (fields: Record<string, unknown>) => ({ feedback: { respondent: fields } });
const at = (iso: string) => Date.parse(iso) / 1000;

describe('the customer a cooldown applies to', () => {
	it('is the customer id, then the email, then the phone', () => {
		expect(cooldownKeyOf(respondent({ customerId: 'C-1', email: 'a@example.com' }))).toEqual({ key: 'C-1', field: 'feedback.respondent.customerId' });
		expect(cooldownKeyOf(respondent({ customerId: null, email: ' Jane.Doe@Example.COM ' }))).toEqual({
			key: 'jane.doe@example.com',
			field: 'feedback.respondent.email',
		});
		expect(cooldownKeyOf(respondent({ phone: '0033 6 12-34-56-78' }))?.key).toBe('+33612345678');
		expect(cooldownKeyOf(respondent({ customerId: 42 }))?.key).toBe('42');
	});

	it('can be any field the user names, and is null when the customer cannot be told apart', () => {
		const item = { feedback: { hidden: { account: 'ACME' }, respondent: { email: 'a@example.com' } } };
		expect(cooldownKeyOf(item, ['feedback.hidden.account'])).toEqual({ key: 'ACME', field: 'feedback.hidden.account' });
		expect(cooldownKeyOf(respondent({ customerId: '  ', email: null }))).toBeNull();
	});
});

describe('a cooldown decision', () => {
	const key = { key: 'C-1', field: 'feedback.respondent.customerId' };
	const earlier = { at: at('2026-12-01T09:00:00Z'), feedbackId: 'typeform:a' };

	it('alerts again for the same response in a retried execution, and only for that response', () => {
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:a', revision: 1, hours: 24, retry: true })).toMatchObject({
			outcome: 'update',
			reason: 'a retried execution: this response was alerted at 2026-12-01T09:00:00Z, and its alert goes out again',
		});
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:a', revision: 1, hours: 24 }).outcome).toBe('suppressed');
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:b', revision: 1, hours: 24, retry: true }).outcome).toBe('suppressed');
	});

	it('alerts when nothing was alerted about the customer, or when the customer is unknown', () => {
		expect(decideCooldown({ key, earlier: undefined, feedbackId: 'typeform:b', revision: 1, hours: 24 }).outcome).toBe('alert');
		expect(decideCooldown({ key: null, earlier, feedbackId: 'typeform:b', revision: 1, hours: 24 })).toEqual({
			outcome: 'alert',
			reason: 'no customer id, email or phone to apply the cooldown to',
		});
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:b', revision: 1, hours: 0 }).outcome).toBe('alert');
	});

	it('suppresses another response from the same customer, with the earlier alert’s time', () => {
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:b', revision: 1, hours: 24 })).toEqual({
			outcome: 'suppressed',
			earlier,
			reason: 'cooldown: the same customer (feedback.respondent.customerId) was alerted at 2026-12-01T09:00:00Z, less than 24 h ago',
		});
	});

	it('updates the alert for a revision of the same response, and suppresses the same revision sent again', () => {
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:a', revision: 2, hours: 24 })).toMatchObject({ outcome: 'update', earlier });
		expect(decideCooldown({ key, earlier, feedbackId: 'typeform:a', revision: 1, hours: 24 }).outcome).toBe('suppressed');
	});

	it('says where a stored alert came from when only n8n’s store knows of it', () => {
		const stored = { at: null, feedbackId: null };
		expect(decideCooldown({ key, earlier: stored, feedbackId: 'typeform:b', revision: 1, hours: 24 }).reason).toContain('before a restart or by another n8n process');
	});
});

describe('cooldown buckets, for a store that only knows exact keys', () => {
	it('cover the whole cooldown from the alert on, so a stored alert is never forgotten early', () => {
		for (const hours of [1, 24, 72, 24 * 7]) {
			const alertedAt = at('2026-12-01T09:47:13Z');
			const size = cooldownBucketSeconds(hours);
			const covered = coveredBuckets(alertedAt, hours);
			for (let later = alertedAt; later < alertedAt + hours * 3600; later += 601) {
				expect(covered).toContain(Math.floor(later / size));
			}
			// At most one bucket past the cooldown, and never more than 25 keys an alert.
			expect(covered).not.toContain(Math.floor((alertedAt + hours * 3600 + size) / size));
			expect(covered.length).toBeLessThanOrEqual(25);
		}
	});

	it('are an hour long up to a day of cooldown, then a 24th of it', () => {
		expect(cooldownBucketSeconds(24)).toBe(3600);
		expect(cooldownBucketSeconds(2)).toBe(3600);
		expect(cooldownBucketSeconds(72)).toBe(3 * 3600);
	});
});
