import type { IDataObject, INodeExecutionData, INodeParameters, IPairedItemData } from 'n8n-workflow';

import type { NodeSpec } from './harness';
import { chain, runWithItems } from './harness';

const NODE = 'Score & Classify';

type Metric = { type: string; score: number; scaleMin: number; scaleMax: number };
const nps = (score: number): Metric => ({ type: 'nps', score, scaleMin: 0, scaleMax: 10 });
const csat = (score: number): Metric => ({ type: 'csat', score, scaleMin: 1, scaleMax: 5 });

function response(id: string, metrics: Metric[], extra: IDataObject = {}): IDataObject {
	return {
		feedback: { id, source: 'custom-json', submittedAt: '2026-11-24T16:05:00.000Z', metrics },
		...extra,
	};
}

function classify(items: IDataObject[], parameters: INodeParameters = {}, settings: Partial<NodeSpec> = {}) {
	const workflow = chain({ name: NODE, type: 'scoreClassify', parameters, ...settings });
	return runWithItems(workflow, { node: NODE, items });
}

const classificationOf = (item: IDataObject) => item.classification as IDataObject & { reasons: string[] };
const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as IPairedItemData).item;

/** A batch with one response that cannot be scored, in the middle. */
const batches = {
	'has no "feedback"': {
		items: [response('a', [nps(3)]), { orderId: 'O-1' }, response('c', [nps(10)])],
		field: 'feedback',
	},
	'has a score outside its scale': {
		items: [response('a', [nps(3)]), response('b', [nps(11)], { orderId: 'O-1' }), response('c', [nps(10)])],
		field: 'feedback.metrics.0.score',
	},
};

describe('Score & Classify in the n8n engine', () => {
	describe.each(Object.entries(batches))('when one response of the batch %s', (_case, { items, field }) => {
		it('fails the run by default, with a NodeOperationError naming the field', async () => {
			const result = await classify(items);

			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toContain(field);
			expect(result.error?.node?.name).toBe(NODE);
			expect(result.items(NODE)).toEqual([]);
		});

		it('with On Error "Continue", classifies the others and marks the bad one with its error', async () => {
			const result = await classify(items, {}, { onError: 'continueRegularOutput' });

			expect(result.error).toBeUndefined();
			const output = result.json(NODE);
			expect(output).toHaveLength(3);
			expect([classificationOf(output[0]).category, classificationOf(output[2]).category]).toEqual([
				'detractor',
				'promoter',
			]);
			expect(output[0].error).toBeUndefined();
			expect(output[1].classification).toBeUndefined();
			expect(output[1].error).toEqual(expect.stringContaining(field));
			expect(output[1].details).toMatchObject({ field });
			expect(output[1].orderId).toBe('O-1');
		});

		it('with On Error "Continue (using error output)", sends the bad one to the error output', async () => {
			const result = await classify(items, {}, { onError: 'continueErrorOutput' });

			expect(result.error).toBeUndefined();
			const [success, failed] = result.outputs(NODE);
			expect(success.map((item) => classificationOf(item.json).category)).toEqual(['detractor', 'promoter']);
			expect(failed).toHaveLength(1);
			expect(failed[0].json.error).toEqual(expect.stringContaining(field));
			expect(failed[0].json.details).toMatchObject({ field });
			// The engine puts the input item back together on the error output, ready for a retry.
			expect(failed[0].json.orderId).toBe('O-1');
		});

		it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
			'sets pairedItem on every output item, pointing at its input (%s)',
			async (onError) => {
				const result = await classify(items, {}, { onError });

				const outputItems = result.outputs(NODE).flat();
				expect(outputItems).toHaveLength(items.length);
				for (const item of outputItems) {
					const input = items[pairedIndex(item)];
					expect(item.json.feedback ?? item.json.orderId).toEqual(input.feedback ?? input.orderId);
				}
				expect(outputItems.map(pairedIndex).sort()).toEqual([0, 1, 2]);
			},
		);
	});

	it('with "Continue Without a Category", passes an unscored response on with a null category and a reason', async () => {
		const result = await classify([response('a', []), response('b', [nps(8)])], { whenUnscored: 'continue' });

		expect(result.error).toBeUndefined();
		const [unscored, scored] = result.json(NODE).map(classificationOf);
		expect(unscored.category).toBeNull();
		expect(unscored.primaryMetric).toBeNull();
		expect(unscored.reasons[0]).toMatch(/^Not scored: .*no NPS, CSAT, CES or rating score/);
		expect(unscored.priority).toBe('P3');
		expect(unscored.reasons).toContain('no score category (missing data) → P3');
		expect(scored.category).toBe('passive');
	});

	it('takes the category from the Driving Score', async () => {
		const both = [response('a', [nps(9), csat(2)])];

		const automatic = classificationOf((await classify(both)).json(NODE)[0]);
		const drivenByCsat = classificationOf((await classify(both, { primaryMetric: 'csat' })).json(NODE)[0]);

		expect([automatic.category, automatic.primaryMetric]).toEqual(['promoter', 'nps']);
		expect([drivenByCsat.category, drivenByCsat.primaryMetric]).toEqual(['dissatisfied', 'csat']);
		expect((drivenByCsat.metrics as IDataObject[]).map((metric) => metric.category)).toEqual([
			'promoter',
			'dissatisfied',
		]);
	});

	it('with "Fail the Response", fails a response without the chosen Driving Score, naming the metric', async () => {
		const result = await classify([response('a', [nps(9)])], { primaryMetric: 'csat', whenUnscored: 'fail' });

		expect(result.error?.message).toMatch(/no CSAT score \(scores present: NPS\)/);
	});

	it('reads the Driving Score per item, so it can be an expression', async () => {
		const items = [
			response('a', [nps(9), csat(2)], { driver: 'nps' }),
			response('b', [nps(9), csat(2)], { driver: 'csat' }),
		];
		const result = await classify(items, { primaryMetric: '={{ $json.driver }}' });

		expect(result.error).toBeUndefined();
		expect(result.json(NODE).map((item) => classificationOf(item).category)).toEqual(['promoter', 'dissatisfied']);
	});

	it('applies threshold overrides', async () => {
		const items = [response('a', [csat(3)]), response('b', [csat(4)])];

		const byDefault = (await classify(items)).json(NODE).map((item) => classificationOf(item).category);
		const stricter = (await classify(items, { thresholds: { csatBadUpTo: 3, csatGoodFrom: 5 } }))
			.json(NODE)
			.map((item) => classificationOf(item).category);

		expect(byDefault).toEqual(['neutral', 'satisfied']);
		expect(stricter).toEqual(['dissatisfied', 'neutral']);
	});

	it('keeps what users added upstream', async () => {
		const input = response('a', [nps(2)], {
			orderId: 'O-7781',
			crm: { account: 'ACME', owner: 'julie@acme.example' },
		});
		const result = await classify([input]);

		expect(result.error).toBeUndefined();
		const [output] = result.json(NODE);
		expect(output.orderId).toBe('O-7781');
		expect(output.crm).toEqual({ account: 'ACME', owner: 'julie@acme.example' });
		expect(output.feedback).toEqual(input.feedback);
		expect(classificationOf(output).category).toBe('detractor');
	});

	it('re-classifying a response recomputes everything it owns and keeps what others added', async () => {
		const earlier = {
			category: 'promoter',
			primaryMetric: 'nps',
			metrics: [{ ...nps(9), questionId: null, category: 'promoter' }],
			reasons: ['NPS 9 (0-10) is a promoter (9-10)'],
			topics: [{ topic: 'price', label: 'Price', matched: ['prix'] }],
			priority: 'P4',
			reviewedBy: 'julie@acme.example',
		};
		const item = response('a', [nps(4)], { classification: earlier });
		(item.feedback as IDataObject).comment = 'Colis livré en retard';
		const result = await classify([item]);

		expect(result.error).toBeUndefined();
		expect(result.json(NODE)[0].classification).toMatchObject({
			category: 'detractor',
			topics: [
				{ topic: 'delivery', label: 'Livraison', matched: ['Colis', 'livré'] },
				{ topic: 'waiting', label: 'Attente', matched: ['en retard'] },
			],
			priority: 'P1',
			badExperience: true,
			reviewedBy: 'julie@acme.example',
		});
	});

	describe('comments, priority and outputs', () => {
		const withComment = (id: string, metrics: Metric[], comment: string | null, respondent: IDataObject = {}) => {
			const item = response(id, metrics);
			Object.assign(item.feedback as IDataObject, { comment, respondent });
			return item;
		};

		it('reads a French detractor comment: negative sentiment, topics, bad experience, P1', async () => {
			const result = await classify([
				withComment('fr', [nps(2)], "Livraison en retard de trois jours et personne ne répond au SAV, je suis très déçu."),
			]);
			expect(result.error).toBeUndefined();
			const classification = classificationOf(result.json(NODE)[0]);
			expect(classification).toMatchObject({
				category: 'detractor',
				sentiment: { label: 'negative', language: 'fr' },
				priority: 'P1',
				badExperience: true,
			});
			expect((classification.topics as IDataObject[]).map((topic) => topic.topic)).toEqual(expect.arrayContaining(['delivery', 'support']));
		});

		it('raises a VIP customer one level and says why', async () => {
			const result = await classify([withComment('vip', [nps(8)], 'Correct, sans plus.', { segment: 'vip' })]);
			const classification = classificationOf(result.json(NODE)[0]);
			expect(classification.priority).toBe('P2');
			expect(classification.reasons.join(' ')).toMatch(/VIP/);
		});

		it('applies the classic custom rule: very low CSAT AND the comment mentions a purchase', async () => {
			const csat = (score: number) => ({ type: 'csat', score, scaleMin: 1, scaleMax: 5, questionId: 'csat' }) as Metric;
			const result = await classify(
				[
					withComment('buy', [csat(1)], "J'ai acheté ce produit hier et il est déjà cassé."),
					withComment('rude', [csat(1)], 'Le livreur était impoli.'),
					withComment('ok', [csat(4)], 'Achat rapide, merci.'),
				],
				{ badExperience: 'custom', badExperienceRule: '{"combine":"all","conditions":[{"kind":"metric","metric":"csat","atMost":1},{"kind":"topic","any":["purchase"]}]}' },
			);
			expect(result.json(NODE).map((item) => classificationOf(item).badExperience)).toEqual([true, false, false]);
		});

		it('fails every item with a message naming the rule when the custom rule is not valid', async () => {
			const result = await classify([withComment('x', [nps(2)], 'Bof')], { badExperience: 'custom', badExperienceRule: '{"combine":"most"}' });
			expect(result.error?.message).toMatch(/bad-experience rule/i);
		});

		it('tags topics the user adds to the library', async () => {
			const result = await classify([withComment('card', [nps(5)], 'Ma carte de fidélité ne marche pas')], {
				topicLibrary: 'extend',
				customTopics: { topic: [{ topic: 'loyalty', label: 'Fidélité', keywords: 'carte de fidélité, points' }] },
			});
			const topics = classificationOf(result.json(NODE)[0]).topics as IDataObject[];
			expect(topics).toContainEqual({ topic: 'loyalty', label: 'Fidélité', matched: ['carte de fidélité'] });
		});

		it('routes each category to its own output when asked, unscored last', async () => {
			const result = await classify(
				[response('p', [nps(10)]), response('d', [nps(1)]), response('n', []), response('m', [nps(7)])],
				{ outputMode: 'perNps', whenUnscored: 'continue' },
			);
			const ids = result.outputs(NODE).map((output) => output.map((item) => (item.json.feedback as IDataObject).id));
			expect(ids).toEqual([['p'], ['m'], ['d'], ['n']]);
			expect(result.outputs(NODE).flat().map(pairedIndex).sort()).toEqual([0, 1, 2, 3]);
		});

		it('marks a comment in another language as unknown instead of guessing', async () => {
			const result = await classify([withComment('es', [nps(3)], 'El pedido llegó tarde y nadie contesta el teléfono.')]);
			expect(classificationOf(result.json(NODE)[0]).sentiment).toMatchObject({ label: 'unknown', language: null });
		});
	});
});

describe('Score & Classify defaults', () => {
	it('classifies a response without a score as far as it can: sentiment and topics, no category, a reason', async () => {
		const item = response('comment-only', []);
		(item.feedback as IDataObject).comment = 'Le SAV ne répond jamais, très déçu.';
		const result = await classify([item]);
		expect(result.error).toBeUndefined();
		const classification = classificationOf(result.json(NODE)[0]);
		expect(classification).toMatchObject({ category: null, sentiment: { label: 'negative', language: 'fr' } });
		expect((classification.topics as IDataObject[]).map((topic) => topic.topic)).toContain('support');
		expect(classification.reasons[0]).toMatch(/^Not scored/);
	});

	it("takes the response's locale as the prior for a short comment's language, and says so", async () => {
		const item = response('short-fr', [nps(3)]);
		Object.assign(item.feedback as IDataObject, { comment: 'Super', locale: 'fr-FR' });
		const classification = classificationOf((await classify([item])).json(NODE)[0]);
		expect(classification.sentiment).toMatchObject({ language: 'fr' });
		expect(classification.reasons).toContain("language: French (from the response's locale fr-FR)");
		expect(classification.reasons).not.toContain('language: French (detected)');
	});

	it('says what is missing when there is no comment either', async () => {
		const result = await classify([response('bare', [nps(9)])]);
		const classification = classificationOf(result.json(NODE)[0]);
		expect(classification.sentiment).toMatchObject({ label: 'unknown' });
		expect(classification.reasons).toContain('no comment');
	});
});
