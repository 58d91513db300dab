import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { callWebhookMethod, chain, runWebhook } from './harness';

const TRIGGER = 'Survey Trigger';

function triggerWorkflow(parameters: INodeParameters = {}) {
	return chain({
		name: TRIGGER,
		type: 'surveyTrigger',
		webhookId: '3c2a7d4e-0f55-4b1e-9a51-1f1b2f0d9e01',
		parameters: { path: 'post-delivery', ...parameters },
	});
}

const validBody = {
	responseId: 'r-42',
	score: '3',
	comment: 'Livraison en retard de trois jours',
	email: 'Claire.Martin@Example.fr',
	customerId: 'C-981',
	submittedAt: '2026-11-24T17:05:00+01:00',
	touchpoint: 'delivery',
	locale: 'fr-FR',
	orderId: 'O-7781',
};

/** The one item the trigger handed to the workflow. */
async function triggerOutput(body: unknown, parameters?: INodeParameters) {
	const result = await runWebhook(triggerWorkflow(parameters), { request: { path: 'post-delivery', body } });
	expect(result.error).toBeUndefined();
	expect(result.started).toBe(true);
	const items = result.json(TRIGGER);
	expect(items).toHaveLength(1);
	return { result, feedback: items[0].feedback as IDataObject & { respondent: IDataObject; metrics: IDataObject[] } };
}

describe('Survey Trigger, webhook-started in the n8n engine', () => {
	it('turns a valid Custom JSON body into the canonical feedback and answers 200', async () => {
		const { result, feedback } = await triggerOutput(validBody);

		expect(result.http?.status).toBe(200);
		expect(result.http?.body).toEqual({ status: 'accepted', feedbackId: 'custom-json:r-42', revision: 1 });
		expect(result.order).toEqual([TRIGGER]);

		expect(feedback.id).toBe('custom-json:r-42');
		expect(feedback.source).toBe('custom-json');
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'score' }]);
		expect(feedback.comment).toBe('Livraison en retard de trois jours');
		expect(feedback.submittedAt).toBe('2026-11-24T16:05:00.000Z');
		expect(feedback.respondent.email).toBe('claire.martin@example.fr');
		expect(feedback.respondent.customerId).toBe('C-981');
		expect(feedback.hidden).toEqual({ orderId: 'O-7781' });
	});

	it('reads the customer from the fields set under Customer Fields', async () => {
		const body = {
			responseId: 'r-43',
			answers: { nps: 9 },
			email: 'someone-else@example.com',
			contact: { mail: 'ops@acme.example', phone: '+33 1 23 45 67 89' },
			account: { id: 'ACME-7', tier: 'VIP', arr: '48000' },
		};
		const { feedback } = await triggerOutput(body, {
			scorePath: 'answers.nps',
			customerFields: {
				emailPath: 'contact.mail',
				phonePath: 'contact.phone',
				customerIdPath: 'account.id',
				segmentPath: 'account.tier',
				customerValuePath: 'account.arr',
			},
		});

		expect(feedback.metrics[0]).toMatchObject({ type: 'nps', score: 9 });
		expect(feedback.respondent).toMatchObject({
			email: 'ops@acme.example',
			phone: '+33 1 23 45 67 89',
			customerId: 'ACME-7',
			segment: 'VIP',
			value: 48000,
		});
		// The default `email` field is no longer mapped, so it is kept as an unmapped answer.
		expect(feedback.hidden).toEqual({ email: 'someone-else@example.com' });
	});

	it.each([
		['a score outside the NPS scale', { ...validBody, score: 42 }, 'score', 'invalid_survey_response'],
		['a list instead of an object', [validBody], 'body', 'invalid_survey_response'],
		['text that is not JSON', 'score=3', 'body', 'invalid_delivery'],
		['a bad email address', { ...validBody, email: 'claire at example dot fr' }, 'email', 'invalid_survey_response'],
		['no score', { responseId: 'r-44', comment: 'Rien à dire' }, 'score', 'invalid_survey_response'],
	])('refuses %s with 400 naming the field, and starts no execution', async (_case, body, field, error) => {
		const result = await runWebhook(triggerWorkflow(), { request: { body } });

		expect(result.http?.status).toBe(400);
		expect(result.http?.headers['content-type']).toMatch(/^application\/json/);
		expect(result.http?.body).toMatchObject({ status: 'rejected', error, field });
		expect((result.http?.body as IDataObject).message).toEqual(expect.any(String));
		expect(result.started).toBe(false);
		expect(result.run).toBeUndefined();
		expect(result.order).toEqual([]);
	});

	it('logs the refused field without what the customer typed', async () => {
		const result = await runWebhook(triggerWorkflow(), {
			request: { body: { ...validBody, email: 'claire at example dot fr' } },
		});

		const warnings = result.logs.filter((entry) => entry.level === 'warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain('"email"');
		expect(JSON.stringify(result.logs)).not.toContain('claire at example');
	});

	it('listens on POST at its Webhook Path only', async () => {
		const wrongMethod = await runWebhook(triggerWorkflow(), { request: { method: 'GET', path: 'post-delivery' } });
		const wrongPath = await runWebhook(triggerWorkflow(), { request: { path: 'survey-responses', body: validBody } });

		for (const result of [wrongMethod, wrongPath]) {
			expect(result.http?.status).toBe(404);
			expect(result.started).toBe(false);
		}
	});

	it.each(['checkExists', 'create', 'delete'] as const)(
		'has a %s webhook method that succeeds, as n8n calls it on (de)activation',
		async (method) => {
			const { returned } = await callWebhookMethod(triggerWorkflow(), { method });
			expect(returned).toBe(true);
		},
	);
});
