/**
 * Remembers which keys were already seen, so that a repeat is recognised: a survey tool's retry
 * (Typeform retries for up to 10 hours) starts no second execution, even after n8n restarts, and a
 * rule's cooldown can tell an alert it already sent.
 *
 * Two ledgers, because of how n8n 2.41 persists static data (see SurveyTrigger/delivery.ts):
 * - the process's memory (MemoryLedger), checked and updated synchronously, so copies arriving
 *   together are caught;
 * - the stored ledger, a compact string in the node's static data, read on every call and
 *   written by the execution, the one place where n8n saves it.
 */
import { createHash } from 'crypto';

/** Hashed delivery key → Unix seconds it was accepted. */
export type LedgerEntries = Record<string, number>;

export interface LedgerLimits {
	/** How long a key is remembered, in seconds. */
	ttlSeconds: number;
	/** The most keys kept; the oldest go first. */
	maxEntries: number;
}

/**
 * In this process: many keys, cheap. In the static data, which n8n loads and saves whole with the
 * workflow on every delivery: fewer, so each delivery writes a few kilobytes, not a hundred.
 */
export const MEMORY_LEDGER_LIMITS: LedgerLimits = { ttlSeconds: 48 * 3600, maxEntries: 20_000 };
export const STORED_LEDGER_LIMITS: LedgerLimits = { ttlSeconds: 48 * 3600, maxEntries: 1000 };

const KEY_LENGTH = 12;
const TIME_LENGTH = 6;

/** A short fixed-width digest (72 bits), so the ledger stays small whatever the tool's ids look like. */
export function ledgerKey(dedupKey: string): string {
	return createHash('sha256').update(dedupKey).digest('base64url').slice(0, KEY_LENGTH);
}

/**
 * The stored form: one string of fixed-width records, key then acceptance time in base-36
 * seconds, about 18 bytes a delivery. Anything unreadable (an older format) reads as empty.
 */
export function encodeLedger(entries: LedgerEntries): string {
	return Object.entries(entries)
		.sort((a, b) => a[1] - b[1])
		.map(([key, seconds]) => key + seconds.toString(36).padStart(TIME_LENGTH, '0'))
		.join('');
}

export function decodeLedger(stored: unknown): LedgerEntries {
	const entries: LedgerEntries = {};
	if (typeof stored !== 'string') return entries;
	const width = KEY_LENGTH + TIME_LENGTH;
	for (let start = 0; start + width <= stored.length; start += width) {
		const seconds = parseInt(stored.slice(start + KEY_LENGTH, start + width), 36);
		if (Number.isFinite(seconds)) entries[stored.slice(start, start + KEY_LENGTH)] = seconds;
	}
	return entries;
}

/**
 * The process's own memory of accepted keys: a Map in acceptance order, so expiry and the size
 * cap drop from the front in amortised constant time. (A plain object re-scanned on every claim
 * made the trigger slower as deliveries accumulated.)
 *
 * A claimed key stays pending until its delivery has started the workflow (`confirm`): only
 * confirmed keys may go to the stored ledger, or a delivery refused after its claim (an API
 * fetch that failed) would be stored as received and its retry refused.
 */
export class MemoryLedger {
	private readonly claimedAt = new Map<string, number>();
	/** The newest confirmed keys, as many as the stored ledger keeps. */
	private readonly confirmedAt = new Map<string, number>();

	constructor(
		private readonly limits: LedgerLimits,
		private readonly confirmedLimit = STORED_LEDGER_LIMITS.maxEntries,
	) {}

	/** Records `key` unless it is already there and fresh; returns whether it was new. */
	claim(key: string, nowSeconds: number): boolean {
		this.prune(nowSeconds);
		const seenAt = this.claimedAt.get(key);
		if (seenAt !== undefined && nowSeconds - seenAt < this.limits.ttlSeconds) return false;
		// Re-inserted at the back, so the Map stays in acceptance order.
		this.claimedAt.delete(key);
		this.claimedAt.set(key, nowSeconds);
		this.prune(nowSeconds);
		return true;
	}

	confirm(key: string): void {
		const claimedAt = this.claimedAt.get(key);
		if (claimedAt === undefined) return;
		this.confirmedAt.delete(key);
		this.confirmedAt.set(key, claimedAt);
		if (this.confirmedAt.size > this.confirmedLimit) this.confirmedAt.delete(this.confirmedAt.keys().next().value!);
	}

	release(key: string): void {
		this.claimedAt.delete(key);
		this.confirmedAt.delete(key);
	}

	/** The newest confirmed keys with their acceptance times, oldest first. */
	confirmed(): ReadonlyMap<string, number> {
		return this.confirmedAt;
	}

	private prune(nowSeconds: number): void {
		for (const [key, seconds] of this.claimedAt) {
			const expired = nowSeconds - seconds >= this.limits.ttlSeconds;
			if (!expired && this.claimedAt.size <= this.limits.maxEntries) break;
			this.claimedAt.delete(key);
		}
	}
}

/**
 * The stored ledger after this process's acceptances are added to it: every fresh key either side
 * holds, the newest `limits.maxEntries` kept, encoded. Writing the union, not only this delivery's
 * key, puts back any key that a concurrent execution's save overwrote (static data is saved whole,
 * last writer wins). Works on the string and plain arrays: it runs once per delivery.
 */
export function mergeIntoStoredLedger(
	stored: unknown,
	accepted: Iterable<[string, number]>,
	nowSeconds: number,
	{ ttlSeconds, maxEntries }: LedgerLimits,
): string {
	const keys: string[] = [];
	const times: number[] = [];
	const positions = new Map<string, number>();
	const add = (key: string, seconds: number) => {
		if (!Number.isFinite(seconds) || nowSeconds - seconds >= ttlSeconds) return;
		const position = positions.get(key);
		if (position === undefined) {
			positions.set(key, keys.length);
			keys.push(key);
			times.push(seconds);
		} else if (seconds > times[position]) {
			times[position] = seconds;
		}
	};
	const text = typeof stored === 'string' ? stored : '';
	const width = KEY_LENGTH + TIME_LENGTH;
	for (let start = 0; start + width <= text.length; start += width) {
		add(text.slice(start, start + KEY_LENGTH), parseInt(text.slice(start + KEY_LENGTH, start + width), 36));
	}
	for (const [key, seconds] of accepted) add(key, seconds);
	// Both inputs are nearly in time order already, which the sort makes cheap.
	const order = keys.map((_, index) => index).sort((a, b) => times[a] - times[b] || a - b);
	let encoded = '';
	for (const index of order.slice(Math.max(0, order.length - maxEntries))) {
		encoded += keys[index] + times[index].toString(36).padStart(TIME_LENGTH, '0');
	}
	return encoded;
}

/** Whether the stored ledger holds `key`, still fresh; scans the string without decoding it. */
export function storedLedgerHas(stored: unknown, key: string, nowSeconds: number, limits: LedgerLimits): boolean {
	if (typeof stored !== 'string') return false;
	const width = KEY_LENGTH + TIME_LENGTH;
	for (let start = 0; start + width <= stored.length; start += width) {
		if (!stored.startsWith(key, start)) continue;
		const seconds = parseInt(stored.slice(start + KEY_LENGTH, start + width), 36);
		if (Number.isFinite(seconds) && nowSeconds - seconds < limits.ttlSeconds) return true;
	}
	return false;
}

/**
 * Runs tasks for the same scope one after another; other scopes do not wait. n8n's
 * deduplication store reads, changes and writes back one row with no lock, so concurrent
 * executions in one process would each overwrite the others' keys.
 */
export class ScopedLock {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(scope: string, task: () => Promise<T> | T): Promise<T> {
		const previous = this.tails.get(scope) ?? Promise.resolve();
		const result = previous.then(task);
		const tail = result.then(
			() => undefined,
			() => undefined,
		);
		this.tails.set(scope, tail);
		void tail.then(() => {
			if (this.tails.get(scope) === tail) this.tails.delete(scope);
		});
		return await result;
	}
}
