/**
 * Remembers which deliveries were already accepted, so that a survey tool's retry (Typeform
 * retries for up to 10 hours) starts no second execution.
 *
 * n8n's deduplication store (`helpers.checkProcessedAndRecord`) is offered to `execute()` but
 * not to webhook functions (n8n 2.41: WebhookContext has request and binary helpers only). The
 * trigger uses it when the context offers it, and otherwise this ledger, kept in the node's
 * static data (saved by n8n after each webhook call) with an expiry and a size cap.
 *
 * Static data is loaded before the node runs and saved whole afterwards, so two deliveries
 * arriving at the same moment both see the same ledger. The node therefore also keeps a small
 * in-process memory of recent keys, checked and updated under one lock: that is what makes
 * concurrent duplicates start a single execution.
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

/** Records `key` unless it is already there and fresh; returns whether it was new. */
export function claim(entries: LedgerEntries, key: string, nowSeconds: number, limits: LedgerLimits): boolean {
	prune(entries, nowSeconds, limits);
	const seenAt = entries[key];
	if (seenAt !== undefined && nowSeconds - seenAt < limits.ttlSeconds) return false;
	entries[key] = nowSeconds;
	prune(entries, nowSeconds, limits);
	return true;
}

export function release(entries: LedgerEntries, key: string): void {
	delete entries[key];
}

function prune(entries: LedgerEntries, nowSeconds: number, { ttlSeconds, maxEntries }: LedgerLimits): void {
	const keys = Object.keys(entries);
	for (const key of keys) {
		if (nowSeconds - entries[key] >= ttlSeconds) delete entries[key];
	}
	const remaining = Object.entries(entries);
	if (remaining.length <= maxEntries) return;
	remaining.sort((a, b) => a[1] - b[1]);
	for (const [key] of remaining.slice(0, remaining.length - maxEntries)) delete entries[key];
}

/**
 * Runs tasks for the same scope one after another. Deliveries for different workflows or
 * nodes do not wait for each other.
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
