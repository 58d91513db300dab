import type { ConfirmationTiming, DeduplicationStore } from '../../nodes/AlertRule/cooldownStore';
import { COOLDOWN_STORE_ENTRIES, StoreReadBack, applyCooldown } from '../../nodes/AlertRule/cooldownStore';

/**
 * n8n's deduplication store as 2.41.1 keeps it: one row read, changed and written back whole, with
 * a database round trip in between, so unserialized concurrent updates lose each other's keys.
 */
function deduplicationStore(): DeduplicationStore & { keys: () => string[]; overwrite: (keys: string[]) => void } {
	let row: string[] = [];
	return {
		keys: () => [...row],
		/** Another worker writing back the row as it read it earlier. */
		overwrite: (keys) => {
			row = [...keys];
		},
		async checkProcessedAndRecord(keys, _scope, options) {
			const read = [...row];
			const seen = new Set(read);
			await Promise.resolve();
			const output = { new: [] as string[], processed: [] as string[] };
			for (const key of keys) {
				if (seen.has(key)) output.processed.push(key);
				else {
					output.new.push(key);
					read.push(key);
					seen.add(key);
				}
			}
			row = read.slice(-options.maxEntries);
			return output;
		},
		async removeProcessed(keys) {
			const read = row.filter((key) => !keys.includes(key));
			await Promise.resolve();
			row = read;
		},
	};
}

/** No pause before an alert reads its entries back (the timing has its own test). */
const immediately: ConfirmationTiming = { afterMs: 0, rounds: 3, wait: async () => {} };

let scopeCounter = 0;
const newScope = () => `test:${++scopeCounter}`;
const customer = { key: 'C-1', field: 'feedback.respondent.customerId' };
const t0 = Date.parse('2026-12-01T09:00:00Z') / 1000;
const check = (overrides: Partial<Parameters<typeof applyCooldown>[1]> = {}) => ({
	key: customer,
	feedbackId: `typeform:${Math.random()}`,
	revision: 1,
	hours: 24,
	nowSeconds: t0,
	...overrides,
});

describe('the cooldown memory', () => {
	it('gives exactly one alert for 20 concurrent responses from one customer, the others suppressed with its exact time', async () => {
		const store = deduplicationStore();
		const scope = newScope();
		const decisions = await Promise.all(Array.from({ length: 20 }, () => applyCooldown(scope, check(), store, immediately)));
		expect(decisions.filter((decision) => decision.outcome === 'alert')).toHaveLength(1);
		const suppressed = decisions.filter((decision) => decision.outcome === 'suppressed');
		expect(suppressed).toHaveLength(19);
		for (const decision of suppressed) expect(decision.outcome === 'suppressed' && decision.earlier.at).toBe(t0);
	});

	it('lets different customers alert side by side', async () => {
		const store = deduplicationStore();
		const scope = newScope();
		const decisions = await Promise.all(
			Array.from({ length: 20 }, (_, n) => applyCooldown(scope, check({ key: { ...customer, key: `C-${n}` } }), store, immediately)),
		);
		expect(decisions.every((decision) => decision.outcome === 'alert')).toBe(true);
		// Each alert reached the store: concurrent updates of its one row did not overwrite each other.
		const afterRestart = newScope();
		for (let n = 0; n < 20; n++) {
			const later = await applyCooldown(afterRestart, check({ key: { ...customer, key: `C-${n}` }, nowSeconds: t0 + 3600 }), store, immediately);
			expect([n, later.outcome]).toEqual([n, 'suppressed']);
		}
	});

	it('records again what another worker’s write of the row dropped, so the cooldown still holds after a restart', async () => {
		for (const rounds of [3, 0]) {
			const store = deduplicationStore();
			const staleRow = store.keys();
			let waits = 0;
			// The other worker read the row before this alert was recorded, and writes it back during the pause.
			const timing: ConfirmationTiming = {
				afterMs: 250,
				rounds,
				wait: async () => {
					if (waits++ === 0) store.overwrite(staleRow);
				},
			};
			expect((await applyCooldown(newScope(), check({ feedbackId: 'typeform:a' }), store, timing)).outcome).toBe('alert');
			if (rounds === 0) store.overwrite(staleRow);
			const afterRestart = await applyCooldown(newScope(), check({ nowSeconds: t0 + 3600 }), store, timing);
			expect([rounds, afterRestart.outcome]).toEqual([rounds, rounds ? 'suppressed' : 'alert']);
		}
	});

	it('reads a whole run’s alerts back after one pause, and repairs them together', async () => {
		const store = deduplicationStore();
		const staleRow = store.keys();
		let waits = 0;
		const readBack = new StoreReadBack(store, {
			afterMs: 250,
			rounds: 3,
			wait: async () => {
				if (waits++ === 0) store.overwrite(staleRow);
			},
		});
		const scope = newScope();
		for (let n = 0; n < 10; n++) {
			expect((await applyCooldown(scope, check({ key: { ...customer, key: `B-${n}` } }), store, readBack)).outcome).toBe('alert');
		}
		// Nothing was read back while the responses were decided.
		expect(waits).toBe(0);
		await readBack.settle();
		// One pause, the repair, and one more pause to see that nothing went missing again.
		expect(waits).toBe(2);
		const afterRestart = newScope();
		for (let n = 0; n < 10; n++) {
			expect((await applyCooldown(afterRestart, check({ key: { ...customer, key: `B-${n}` }, nowSeconds: t0 + 60 }), store, immediately)).outcome).toBe('suppressed');
		}
	});

	it('survives a restart through n8n’s store, and the cooldown ends when it should', async () => {
		const store = deduplicationStore();
		expect((await applyCooldown(newScope(), check(), store, immediately)).outcome).toBe('alert');
		// A new scope stands for this process's memory lost: only the store remembers.
		const afterRestart = await applyCooldown(newScope(), check({ nowSeconds: t0 + 23 * 3600 }), store, immediately);
		expect(afterRestart).toMatchObject({ outcome: 'suppressed', earlier: { at: null }, reason: expect.stringContaining('before a restart') });
		// A cooldown stored in hour buckets lasts at most an hour longer than set, never shorter.
		expect((await applyCooldown(newScope(), check({ nowSeconds: t0 + 25 * 3600 }), store, immediately)).outcome).toBe('alert');
	});

	it('updates the alert for a revision of the alerted response, in memory and through the store', async () => {
		const store = deduplicationStore();
		const scope = newScope();
		expect((await applyCooldown(scope, check({ feedbackId: 'delighted:7' }), store, immediately)).outcome).toBe('alert');
		expect((await applyCooldown(scope, check({ feedbackId: 'delighted:7', revision: 2, nowSeconds: t0 + 60 }), store, immediately)).outcome).toBe('update');
		expect((await applyCooldown(newScope(), check({ feedbackId: 'delighted:7', revision: 3, nowSeconds: t0 + 120 }), store, immediately)).outcome).toBe('update');
	});

	it('does not take a suppressed response’s revision for an update later', async () => {
		const store = deduplicationStore();
		expect((await applyCooldown(newScope(), check({ feedbackId: 'delighted:1' }), store, immediately)).outcome).toBe('alert');
		expect((await applyCooldown(newScope(), check({ feedbackId: 'delighted:2', revision: 2, nowSeconds: t0 + 60 }), store, immediately)).outcome).toBe('suppressed');
		expect((await applyCooldown(newScope(), check({ feedbackId: 'delighted:2', revision: 3, nowSeconds: t0 + 120 }), store, immediately)).outcome).toBe('suppressed');
	});

	it('records nothing without a store (the editor’s manual runs)', async () => {
		const scope = newScope();
		expect((await applyCooldown(scope, check())).outcome).toBe('alert');
		expect((await applyCooldown(scope, check({ nowSeconds: t0 + 60 }))).outcome).toBe('suppressed');
	});

	it('keeps the store bounded: at most 25 keys an alert, never more than its entry limit', async () => {
		const store = deduplicationStore();
		await applyCooldown(newScope(), check(), store, immediately);
		expect(store.keys().length).toBeLessThanOrEqual(26);
		const scope = newScope();
		for (let n = 0; n < 1000; n++) await applyCooldown(scope, check({ key: { ...customer, key: `C-${n}` }, hours: 24 * 7 }), store, immediately);
		expect(store.keys().length).toBe(COOLDOWN_STORE_ENTRIES);
	});
});
