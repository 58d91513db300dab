import { ItemFields, ValueMemo } from '../../nodes/core/itemFields';
import { splitPath } from '../../nodes/core/paths';

/** A classified item with every canonical field set to a value of its own. */
function fullItem() {
	return {
		feedback: {
			id: 'r-1', revision: 2, event: 'response', source: 'typeform', sourceEventId: 'e-1', surveyId: 's-1',
			touchpoint: 'delivery', channel: 'email', submittedAt: '2026-03-02T10:00:00Z', locale: 'fr-FR',
			respondent: { id: 'p-1', customerId: 'c-1', email: 'a@example.com', phone: '+33600000000', name: 'Ana', timezone: 'Europe/Paris', segment: 'VIP', value: 5000 },
			consent: { contact: true },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'q-1' }, { type: 'csat', score: 2, scaleMin: 1, scaleMax: 5, questionId: 'q-2' }],
			comment: 'Colis en retard',
			answers: [{ questionId: 'q-3', question: 'Why?', type: 'text', value: 'late' }],
			hidden: { store: 'Lyon', region: 'ARA', toString: 'own' },
			warnings: ['w'],
		},
		classification: {
			category: 'detractor', primaryMetric: 'nps',
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'q-1', category: 'detractor' }],
			sentiment: { score: -3, comparative: -0.5, label: 'negative', language: 'fr' },
			topics: [{ topic: 'delivery', label: 'Livraison', matched: ['retard'] }],
			priority: 'P1', badExperience: true, reasons: ['r'],
		},
		alert: { outcome: 'alert' },
	};
}

/** Every path into a value, objects and lists included, as `a.b.0.c`. */
function pathsOf(value: unknown, prefix = ''): string[] {
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...pathsOf(inner, `${prefix}${key}.`)]);
}

/** The reference read: a key of an object (or list); nothing under anything else. */
function readReference(item: unknown, path: string): unknown {
	let current = item;
	for (const key of splitPath(path)) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

describe('ItemFields', () => {
	const paths = [...pathsOf(fullItem()), 'feedback.metrics.0.category', 'feedback.metrics.1.score', 'feedback.hidden.missing', 'nothing.here'];
	const variants: Array<[string, unknown]> = [
		['a full item', fullItem()],
		['feedback null', { ...fullItem(), feedback: null }],
		['feedback a text', { ...fullItem(), feedback: 'text' }],
		['no classification', { feedback: fullItem().feedback }],
		['respondent missing, metrics empty', { ...fullItem(), feedback: { ...fullItem().feedback, respondent: undefined, metrics: [] } }],
		['metrics an object with key 0', { ...fullItem(), classification: { ...fullItem().classification, metrics: { 0: { score: 9 } } } }],
		['sentiment null, consent a list', { feedback: { ...fullItem().feedback, consent: [] }, classification: { ...fullItem().classification, sentiment: null } }],
		['the item a list', [1, 2]],
		['the item null', null],
	];

	it.each(variants)('reads every path as a plain walk of the item does: %s', (_name, item) => {
		const fields = new ItemFields();
		const slots = paths.map((path) => fields.slotOf(splitPath(path)));
		// An earlier, different item first: nothing of it may stay in the slots.
		fields.reset(fullItem());
		fields.reset(item);
		for (const [at, path] of paths.entries()) expect([path, fields.value(slots[at])]).toEqual([path, readReference(item, path)]);
	});

	it('reads a canonical field alone, without the rest of its object', () => {
		const fields = new ItemFields();
		const segment = fields.slotOf(['feedback', 'respondent', 'segment']);
		const score = fields.slotOf(['classification', 'metrics', '0', 'score']);
		expect(fields.reset(fullItem()).value(segment)).toBe('VIP');
		expect(fields.value(score)).toBe(3);
		expect(fields.reset({ feedback: { respondent: { segment: 'Enterprise' } } }).value(segment)).toBe('Enterprise');
		expect(fields.value(score)).toBeUndefined();
	});

	it('reads an inherited name only when the object holds it itself', () => {
		const fields = new ItemFields();
		const slot = fields.slotOf(['feedback', 'hidden', 'constructor']);
		expect(fields.reset(fullItem()).value(slot)).toBeUndefined();
		expect(fields.reset({ feedback: { hidden: { constructor: 'Lyon' } } }).value(slot)).toBe('Lyon');
	});
});

describe('ValueMemo', () => {
	it('remembers results by value, the first few in its list and the next ones up to its limit', () => {
		const memo = new ValueMemo<string>(3);
		const values = Array.from({ length: 14 }, (_, at) => `value ${at}`);
		values.forEach((value) => memo.set(value, value.toUpperCase()));
		expect(values.map((value) => memo.get(value))).toEqual([...values.slice(0, 11).map((value) => value.toUpperCase()), undefined, undefined, undefined]);
		expect(memo.get('value 0'.slice(0))).toBe('VALUE 0');
		expect(memo.get(undefined)).toBeUndefined();
		memo.set(null, 'nothing');
		expect(memo.get(null)).toBeUndefined();
	});
});
