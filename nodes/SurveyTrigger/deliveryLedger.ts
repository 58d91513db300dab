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

/** The node's static-data entry: hashed delivery key → Unix seconds it was accepted. */
export type LedgerEntries = Record<string, number>;

export interface LedgerLimits {
	/** How long a key is remembered, in seconds. */
	ttlSeconds: number;
	/** The most keys kept; the oldest go first. */
	maxEntries: number;
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = { ttlSeconds: 48 * 3600, maxEntries: 2000 };

/** A short fixed-width digest, so the ledger stays small whatever the tool's ids look like. */
export function ledgerKey(dedupKey: string): string {
	return createHash('sha256').update(dedupKey).digest('base64url').slice(0, 16);
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
