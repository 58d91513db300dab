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
		expect(unscored.reasons).toEqual([expect.stringMatching(/^Not scored: .*no NPS, CSAT, CES or rating score/)]);
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

	it('fails a response without the chosen Driving Score, naming the metric', async () => {
		const result = await classify([response('a', [nps(9)])], { primaryMetric: 'csat' });

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

	it('re-classifying a response updates the scores and keeps what later stages added', async () => {
		const earlier = {
			category: 'promoter',
			primaryMetric: 'nps',
			metrics: [{ ...nps(9), questionId: null, category: 'promoter' }],
			reasons: ['NPS 9 (0-10) is a promoter (9-10)'],
			topics: ['delivery'],
			priority: 'P3',
		};
		const result = await classify([response('a', [nps(4)], { classification: earlier })]);

		expect(result.error).toBeUndefined();
		expect(result.json(NODE)[0].classification).toMatchObject({
			category: 'detractor',
			reasons: ['NPS 4 (0-10) is a detractor (0-6)'],
			topics: ['delivery'],
			priority: 'P3',
		});
	});

	it('accepts a partial classification set upstream (for example topics from a Code node) and completes it', async () => {
		const result = await classify([response('a', [nps(10)], { classification: { topics: ['prix'] } })]);

		expect(result.error).toBeUndefined();
		expect(result.json(NODE)[0].classification).toMatchObject({ category: 'promoter', topics: ['prix'] });
	});
});
