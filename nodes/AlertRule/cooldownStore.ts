/**
 * Where Alert Rule remembers whom it alerted, for the cooldown. What n8n 2.41.1 offers a community
 * node (read from its code): workflow static data is saved only when an execution ends, whole, last
 * writer wins, and a queue-mode worker gets none yet saves what it has, so writing there would wipe
 * the workflow's static data (the Survey Trigger's webhook secret with it). n8n's deduplication
 * store (`checkProcessedAndRecord`) lives in the database, is shared by every process and survives
 * restarts, but it only answers "seen this exact key?" (recording it), has no expiry and no lock.
 *
 * So two memories:
 * - this process's, exact: claimed synchronously, so concurrent executions give one alert per
 *   customer, and it knows the earlier alert's time to the second;
 * - the store's, in time buckets (core/cooldown.ts `coveredBuckets`): an alert records its customer
 *   under every bucket its cooldown covers, so a later check asks for one key, the bucket of now.
 *   After a restart or on another worker, a cooldown may so last up to one bucket (an hour for a
 *   day's cooldown) longer than set, never shorter. Updates to the store are serialized per node
 *   in this process; across workers two checks may still race, and as each writes the node's row
 *   back whole, one can drop what the other just added (measured in docs/nodes/alert-rule.md). So an
 *   alert reads its entries back a moment later and records again what went missing.
 */
import type { CooldownDecision, CooldownKey, EarlierAlert } from '../core/cooldown';
import { sleep } from 'n8n-workflow';

import { coveredBuckets, decideCooldown } from '../core/cooldown';
import { ScopedLock, ledgerKey } from '../shared/ledger';

const HOUR = 3600;

/** The store's bound: n8n keeps the newest entries; about 20 bytes each in its row. */
export const COOLDOWN_STORE_ENTRIES = 20_000;
/** This process's bound per Alert Rule node. */
export const COOLDOWN_MEMORY_ENTRIES = 50_000;

/** The part of n8n's deduplication helpers the cooldown uses. */
export interface DeduplicationStore {
	checkProcessedAndRecord(
		keys: string[],
		scope: 'node',
		options: { mode: 'entries'; maxEntries: number },
	): Promise<{ new: unknown[]; processed: unknown[] }>;
	removeProcessed(keys: string[], scope: 'node', options: { mode: 'entries'; maxEntries: number }): Promise<void>;
}

interface Remembered {
	at: number;
	feedbackId: string;
}

/** Customer key → last alert, in time order, so the oldest go first. */
class AlertMemory {
	private readonly byKey = new Map<string, Remembered>();

	recent(key: string, nowSeconds: number, hours: number): Remembered | undefined {
		const remembered = this.byKey.get(key);
		return remembered && nowSeconds - remembered.at < hours * HOUR ? remembered : undefined;
	}

	remember(key: string, remembered: Remembered): void {
		this.byKey.delete(key);
		this.byKey.set(key, remembered);
		while (this.byKey.size > COOLDOWN_MEMORY_ENTRIES) this.byKey.delete(this.byKey.keys().next().value!);
	}

	forget(key: string, remembered: Remembered): void {
		if (this.byKey.get(key) === remembered) this.byKey.delete(key);
	}
}

const memories = new Map<string, AlertMemory>();
const storeUpdates = new ScopedLock();

function memoryFor(scope: string): AlertMemory {
	let memory = memories.get(scope);
	if (!memory) memories.set(scope, (memory = new AlertMemory()));
	return memory;
}


/** Drops a scope's memory: a run from the editor remembers alerts for that run only. */
export function forgetCooldownScope(scope: string): void {
	memories.delete(scope);
}

const storeOptions = { mode: 'entries' as const, maxEntries: COOLDOWN_STORE_ENTRIES };
const customerBucketKey = (customer: string, bucket: number) => `c:${customer}:${bucket}`;
const feedbackKey = (feedbackId: string) => `f:${ledgerKey(feedbackId)}`;

/**
 * When an alert reads its entries back: after a pause longer than another worker's read-then-write
 * of the row, again while something had gone missing, a few times at most.
 */
export interface ConfirmationTiming {
	afterMs: number;
	rounds: number;
	wait: (ms: number) => Promise<void>;
}
const CONFIRMATION: ConfirmationTiming = { afterMs: 250, rounds: 3, wait: async (ms) => await sleep(ms) };

/**
 * The entries a run's alerts recorded, read back together once its responses are decided, so a
 * batch of alerts waits one pause, not one each.
 */
export class StoreReadBack {
	private readonly keys = new Map<string, string[]>();

	constructor(
		private readonly store: DeduplicationStore,
		private readonly timing: ConfirmationTiming = CONFIRMATION,
	) {}

	add(scope: string, keys: string[]): this {
		const pending = this.keys.get(scope);
		if (pending) pending.push(...keys);
		else this.keys.set(scope, [...keys]);
		return this;
	}

	/** Records again what another worker's write of the row dropped, while something goes missing. */
	async settle(): Promise<void> {
		for (const [scope, keys] of this.keys) {
			for (let round = 0; round < this.timing.rounds; round++) {
				await this.timing.wait(this.timing.afterMs);
				const { new: missing } = await storeUpdates.run(scope, async () => await this.store.checkProcessedAndRecord(keys, 'node', storeOptions));
				if (missing.length === 0) break;
			}
		}
		this.keys.clear();
	}
}

export interface CooldownCheck {
	key: CooldownKey | null;
	feedbackId: string;
	revision: number;
	hours: number;
	nowSeconds: number;
	/** n8n's Retry of a failed execution. */
	retry?: boolean;
}

/**
 * The cooldown decision for one item that a rule matched and routed, recorded as an alert when it
 * is one. `store` is absent in the editor's manual runs: nothing is recorded there.
 */
export async function applyCooldown(
	scope: string,
	check: CooldownCheck,
	store?: DeduplicationStore,
	/** Where the alert's entries wait to be read back (the node's run); without it, they are read back before this returns. */
	readBack: StoreReadBack | ConfirmationTiming = CONFIRMATION,
): Promise<CooldownDecision> {
	const { key, feedbackId, revision, hours, nowSeconds, retry } = check;
	const decide = (earlier: EarlierAlert | undefined) => decideCooldown({ key, earlier, feedbackId, revision, hours, retry });
	if (!key || hours <= 0) return decide(undefined);

	const memory = memoryFor(scope);
	const known = memory.recent(key.key, nowSeconds, hours);
	if (known) {
		const decision = decide({ at: known.at, feedbackId: known.feedbackId });
		if (decision.outcome === 'update') memory.remember(key.key, { at: known.at, feedbackId });
		return decision;
	}
	// Claimed before the store is asked, so a concurrent item for this customer waits on this one.
	const claim: Remembered = { at: nowSeconds, feedbackId };
	memory.remember(key.key, claim);
	if (!store) return decide(undefined);

	const customer = ledgerKey(key.key);
	const [now, ...ahead] = coveredBuckets(nowSeconds, hours);
	const earlier = await storeUpdates.run(scope, async (): Promise<EarlierAlert | undefined> => {
		const { processed } = await store.checkProcessedAndRecord([customerBucketKey(customer, now)], 'node', storeOptions);
		if (processed.length === 0) {
			// This is an alert: its cooldown covers the buckets to come, and a revision finds its response.
			const covered = ahead.map((bucket) => customerBucketKey(customer, bucket));
			await store.checkProcessedAndRecord([...covered, feedbackKey(feedbackId)], 'node', storeOptions);
			return undefined;
		}
		let sameResponse = false;
		if (revision > 1 || retry) {
			const found = await store.checkProcessedAndRecord([feedbackKey(feedbackId)], 'node', storeOptions);
			sameResponse = found.processed.length > 0;
			// The check recorded it: take it back, this response was not alerted.
			if (!sameResponse) await store.removeProcessed([feedbackKey(feedbackId)], 'node', storeOptions);
		}
		return { at: null, feedbackId: sameResponse ? feedbackId : null };
	});
	if (!earlier) {
		const recorded = [now, ...ahead].map((bucket) => customerBucketKey(customer, bucket)).concat(feedbackKey(feedbackId));
		if (readBack instanceof StoreReadBack) readBack.add(scope, recorded);
		else await new StoreReadBack(store, readBack).add(scope, recorded).settle();
		return decide(undefined);
	}
	memory.forget(key.key, claim);
	return decide(earlier);
}
