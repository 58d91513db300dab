import { createHmac } from 'crypto';

import {
	MemoryLedger,
	STORED_LEDGER_LIMITS,
	ScopedLock,
	decodeLedger,
	encodeLedger,
	ledgerKey,
	mergeIntoStoredLedger,
	storedLedgerHas,
} from '../../nodes/shared/ledger';
import {
	signaturesMatch,
	verifyBasicAuth,
	verifyConfiguredHmac,
	verifySecretHeader,
} from '../../nodes/shared/signatures';
import type { HmacSettings } from '../../nodes/shared/signatures';
import type { InboundDelivery } from '../../nodes/shared/inboundDelivery';
import { SignatureError } from '../../nodes/shared/errors';

const body = '{"responseId":"r-1","score":2}';
const delivery = (headers: Record<string, string>, raw = body): InboundDelivery => ({
	method: 'POST',
	headers,
	query: {},
	rawBody: Buffer.from(raw),
	contentType: 'application/json',
	body: JSON.parse(raw),
});

function refusal(run: () => void): string {
	try {
		run();
		return 'accepted';
	} catch (error) {
		if (error instanceof SignatureError) return `401 ${error.header}: ${error.message}`;
		return `not a SignatureError: ${String(error)}`;
	}
}

describe('constant-time signature comparison', () => {
	it('matches only identical strings, whatever their lengths', () => {
		expect(signaturesMatch('abc', 'abc')).toBe(true);
		expect(signaturesMatch('abc', 'abd')).toBe(false);
		expect(signaturesMatch('abc', 'abcd')).toBe(false);
		expect(signaturesMatch('', 'x')).toBe(false);
	});
});

describe('basic auth and secret header for tools that sign nothing', () => {
	const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

	it('accepts the right user and password only', () => {
		expect(refusal(() => verifyBasicAuth(delivery({ authorization: basic('delighted', 'pa:ss-word-123') }), 'delighted', 'pa:ss-word-123'))).toBe('accepted');
		expect(refusal(() => verifyBasicAuth(delivery({ authorization: basic('delighted', 'wrong') }), 'delighted', 'pa:ss-word-123'))).toMatch(/^401 Authorization: .*wrong/);
		expect(refusal(() => verifyBasicAuth(delivery({}), 'delighted', 'x'))).toMatch(/^401 Authorization: .*missing/);
		expect(refusal(() => verifyBasicAuth(delivery({ authorization: 'Bearer abc' }), 'delighted', 'x'))).toMatch(/missing/);
	});

	it('accepts the shared secret header only', () => {
		const secret = 'a-long-shared-secret-value';
		expect(refusal(() => verifySecretHeader(delivery({ 'x-webhook-secret': secret }), 'X-Webhook-Secret', secret))).toBe('accepted');
		expect(refusal(() => verifySecretHeader(delivery({ 'x-webhook-secret': 'guess' }), 'X-Webhook-Secret', secret))).toMatch(
			/^401 X-Webhook-Secret/,
		);
		expect(refusal(() => verifySecretHeader(delivery({}), 'X-Webhook-Secret', secret))).toMatch(/missing/);
	});
});

describe('configurable HMAC for Custom JSON', () => {
	const secret = 'example-kiosk-signing-secret';
	const settings: HmacSettings = {
		header: 'X-Signature',
		algorithm: 'sha256',
		encoding: 'hex',
		prefix: 'sha256=',
		timestampHeader: '',
		toleranceSeconds: 300,
	};
	const sign = (data: string, algorithm = 'sha256', encoding: 'hex' | 'base64' = 'hex') =>
		createHmac(algorithm, secret).update(data).digest(encoding);

	it('verifies the HMAC of the raw body with the configured prefix, algorithm and encoding', () => {
		expect(refusal(() => verifyConfiguredHmac(delivery({ 'x-signature': `sha256=${sign(body)}` }), secret, settings, 0))).toBe('accepted');
		const base64Sha512 = { ...settings, algorithm: 'sha512' as const, encoding: 'base64' as const, prefix: '' };
		expect(refusal(() => verifyConfiguredHmac(delivery({ 'x-signature': sign(body, 'sha512', 'base64') }), secret, base64Sha512, 0))).toBe(
			'accepted',
		);
	});

	it('refuses a tampered body, a wrong secret, a missing prefix and a missing header', () => {
		const signature = `sha256=${sign(body)}`;
		expect(refusal(() => verifyConfiguredHmac(delivery({ 'x-signature': signature }, body.replace('2', '9')), secret, settings, 0))).toMatch(
			/does not match/,
		);
		expect(refusal(() => verifyConfiguredHmac(delivery({ 'x-signature': signature }), 'other-secret', settings, 0))).toMatch(/does not match/);
		expect(refusal(() => verifyConfiguredHmac(delivery({ 'x-signature': sign(body) }), secret, settings, 0))).toMatch(/start with "sha256="/);
		expect(refusal(() => verifyConfiguredHmac(delivery({}), secret, settings, 0))).toMatch(/^401 X-Signature: .*missing/);
	});

	it('binds the signature to a timestamp and refuses replays outside the tolerance', () => {
		const timed = { ...settings, timestampHeader: 'X-Timestamp' };
		const sentAt = 1_764_057_600;
		const headers = { 'x-timestamp': String(sentAt), 'x-signature': `sha256=${sign(`${sentAt}.${body}`)}` };
		expect(refusal(() => verifyConfiguredHmac(delivery(headers), secret, timed, sentAt + 299))).toBe('accepted');
		expect(refusal(() => verifyConfiguredHmac(delivery(headers), secret, timed, sentAt + 301))).toMatch(/^401 X-Timestamp: .*replayed/);
		// The body signature alone is not enough once a timestamp is required.
		const bodyOnly = { ...headers, 'x-signature': `sha256=${sign(body)}` };
		expect(refusal(() => verifyConfiguredHmac(delivery(bodyOnly), secret, timed, sentAt))).toMatch(/does not match/);
		expect(refusal(() => verifyConfiguredHmac(delivery({ ...headers, 'x-timestamp': 'yesterday' }), secret, timed, sentAt))).toMatch(
			/not a time/,
		);
	});
});

describe('the delivery ledger', () => {
	const limits = { ttlSeconds: 100, maxEntries: 3 };

	it('accepts a key once until it expires', () => {
		const memory = new MemoryLedger(limits);
		expect(memory.claim('a', 1000)).toBe(true);
		expect(memory.claim('a', 1050)).toBe(false);
		expect(memory.claim('a', 1100)).toBe(true);
	});

	it('keeps at most maxEntries keys, dropping the oldest', () => {
		const memory = new MemoryLedger(limits);
		for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) memory.claim(key, 1000 + index);
		expect(['b', 'c', 'd'].map((key) => memory.claim(key, 1010))).toEqual([false, false, false]);
		expect(memory.claim('a', 1010)).toBe(true);
	});

	it('forgets a released key', () => {
		const memory = new MemoryLedger(limits);
		memory.claim('a', 1000);
		memory.release('a');
		expect(memory.claim('a', 1001)).toBe(true);
	});

	it('offers for storage only the keys whose delivery started the workflow, the newest first kept', () => {
		const memory = new MemoryLedger({ ttlSeconds: 100, maxEntries: 10 }, 2);
		for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) memory.claim(key, 1000 + index);
		memory.confirm('a');
		// 'b' is still being fetched from the tool's API: not stored, so its retry is not refused if it fails.
		expect(Object.fromEntries(memory.confirmed())).toEqual({ a: 1000 });
		memory.confirm('c');
		memory.confirm('d');
		expect(Object.fromEntries(memory.confirmed())).toEqual({ c: 1002, d: 1003 });
		memory.release('d');
		expect(Object.fromEntries(memory.confirmed())).toEqual({ c: 1002 });
	});

	it('merges what this process accepted into the stored ledger, keeping the newest', () => {
		const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => ledgerKey(id));
		const stored = encodeLedger({ [a]: 1000, [b]: 1001 });
		const merge = (accepted: Array<[string, number]>, now: number) => decodeLedger(mergeIntoStoredLedger(stored, accepted, now, limits));
		expect(merge([[c, 1002], [a, 1003]], 1010)).toEqual({ [a]: 1003, [b]: 1001, [c]: 1002 });
		expect(merge([[c, 1002], [d, 1003]], 1010)).toEqual({ [b]: 1001, [c]: 1002, [d]: 1003 });
		// Expired keys leave; an unreadable stored value counts as empty.
		expect(merge([[c, 1102]], 1101)).toEqual({ [c]: 1102 });
		expect(decodeLedger(mergeIntoStoredLedger({ old: 1 }, [[c, 1002]], 1010, limits))).toEqual({ [c]: 1002 });
		// Oldest first, as encodeLedger writes it.
		expect(mergeIntoStoredLedger(stored, [[c, 1002]], 1010, limits)).toBe(encodeLedger({ [a]: 1000, [b]: 1001, [c]: 1002 }));
	});

	it('finds a fresh key in the stored string without decoding it', () => {
		const stored = encodeLedger({ [ledgerKey('a')]: 1000, [ledgerKey('b')]: 1050 });
		expect(storedLedgerHas(stored, ledgerKey('a'), 1010, limits)).toBe(true);
		expect(storedLedgerHas(stored, ledgerKey('b'), 1100, limits)).toBe(true);
		expect(storedLedgerHas(stored, ledgerKey('a'), 1100, limits)).toBe(false);
		expect(storedLedgerHas(stored, ledgerKey('c'), 1010, limits)).toBe(false);
		expect(storedLedgerHas(undefined, ledgerKey('a'), 1010, limits)).toBe(false);
	});

	it('hashes delivery ids to short fixed-width keys', () => {
		expect(ledgerKey('typeform:evt-1')).toHaveLength(12);
		expect(ledgerKey('typeform:evt-1')).not.toBe(ledgerKey('typeform:evt-2'));
		// Typeform retries for up to 10 hours.
		expect(STORED_LEDGER_LIMITS.ttlSeconds).toBeGreaterThanOrEqual(10 * 3600);
	});

	it('stores the ledger compactly and reads it back, oldest first', () => {
		const entries = { [ledgerKey('b')]: 1_764_057_700, [ledgerKey('a')]: 1_764_057_600 };
		const stored = encodeLedger(entries);
		expect(stored).toHaveLength(2 * 18);
		expect(stored.startsWith(ledgerKey('a'))).toBe(true);
		expect(decodeLedger(stored)).toEqual(entries);
		const many = Array.from({ length: STORED_LEDGER_LIMITS.maxEntries + 10 }, (_, n): [string, number] => [ledgerKey(`evt-${n}`), 1_764_057_600 + n]);
		const full = mergeIntoStoredLedger('', many, 1_764_057_600 + 2000, STORED_LEDGER_LIMITS);
		expect(full.length).toBeLessThanOrEqual(18 * STORED_LEDGER_LIMITS.maxEntries);
	});

	it('runs tasks of one scope one at a time, and other scopes alongside', async () => {
		const lock = new ScopedLock();
		const events: string[] = [];
		let releaseFirst!: () => void;
		const first = lock.run('node-1', async () => {
			events.push('first started');
			await new Promise<void>((resolve) => (releaseFirst = resolve));
			events.push('first done');
		});
		const second = lock.run('node-1', () => events.push('second ran'));
		const other = lock.run('node-2', () => events.push('other scope ran'));
		await other;
		expect(events).toEqual(['first started', 'other scope ran']);
		releaseFirst();
		await Promise.all([first, second]);
		expect(events).toEqual(['first started', 'other scope ran', 'first done', 'second ran']);
	});

	it('keeps going after a failed task', async () => {
		const lock = new ScopedLock();
		await expect(lock.run('n', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(lock.run('n', () => 'next')).resolves.toBe('next');
	});

	it('reads an unreadable stored ledger as empty rather than failing deliveries', () => {
		expect(decodeLedger({ old: 1 })).toEqual({});
		expect(decodeLedger(undefined)).toEqual({});
		expect(decodeLedger('short')).toEqual({});
	});
});
