import { createHmac } from 'crypto';

import type { SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { tallySource } from '../../../nodes/SurveyTrigger/sources/tally';
import type { RegistrationTarget } from '../../../nodes/SurveyTrigger/sources/types';
import docsExample from '../../fixtures/tally/docs-example.json';
import npsResponse from '../../fixtures/tally/nps-response.json';
import type { ApiCall } from './support';
import { FakeApi, clone, context, expectResponse, feedbackErrorOf, httpError, jsonDelivery, rawJsonDelivery, signatureErrorOf } from './support';
import type { InboundDelivery } from '../../../nodes/shared/inboundDelivery';

function readResponse(body: unknown): { dedupKey: string | null; response: SurveyResponse } {
	return expectResponse(tallySource.read(jsonDelivery(body), undefined, context));
}

type Body = { eventId?: unknown; eventType?: unknown; data: Record<string, unknown> & { fields: unknown[] } };

describe('Tally source: reading a FORM_RESPONSE', () => {
	it('maps the NPS response, its ids, its hidden and calculated fields', () => {
		const { dedupKey, response } = readResponse(npsResponse);
		expect(dedupKey).toBe('tally:5f0c2e9a-7b41-4d8e-9a63-1c2b3d4e5f60');
		expect(response).toEqual({
			source: 'tally',
			responseId: 'Pz8kQ2',
			eventId: '5f0c2e9a-7b41-4d8e-9a63-1c2b3d4e5f60',
			surveyId: 'wLLK52',
			submittedAt: '2026-11-24T17:05:12.000Z',
			answers: [
				{
					questionId: 'question_vB2nMq',
					ref: 'question_vB2nMq',
					question: 'How likely are you to recommend Acme to a friend or colleague?',
					type: 'LINEAR_SCALE',
					value: 2,
					format: 'number',
					measures: null,
					scale: null,
				},
				{
					questionId: 'question_xC5zAs',
					ref: 'question_xC5zAs',
					question: 'What could we have done better?',
					type: 'TEXTAREA',
					value: 'The courier left the parcel in the rain and it was soaked.',
					format: 'longText',
					measures: null,
					scale: null,
				},
				{
					questionId: 'question_pO9iUy',
					ref: 'question_pO9iUy',
					question: 'Your email address',
					type: 'INPUT_EMAIL',
					value: 'Sam.Rivera@Example.org',
					format: 'email',
					measures: null,
					scale: null,
				},
				{
					questionId: 'question_lK8jHg',
					ref: 'question_lK8jHg',
					question: 'How would you rate the courier?',
					type: 'RATING',
					value: 1,
					format: 'number',
					measures: 'rating',
					scale: null,
				},
				{
					questionId: 'question_tR6eWq',
					ref: 'question_tR6eWq',
					question: 'Where did you order from?',
					type: 'DROPDOWN',
					value: 'Web shop',
					format: 'choice',
					measures: null,
					scale: null,
				},
				{
					questionId: 'question_mN3bVc',
					ref: 'question_mN3bVc',
					question: 'May we contact you about your answers?',
					type: 'MULTIPLE_CHOICE',
					value: 'Yes',
					format: 'choice',
					measures: null,
					scale: null,
				},
				{
					questionId: 'question_qA1sDf',
					ref: 'question_qA1sDf',
					question: 'Your phone number',
					type: 'INPUT_PHONE_NUMBER',
					value: '+447700900123',
					format: 'phone',
					measures: null,
					scale: null,
				},
			],
			hidden: { customer_id: 'C-20931', touchpoint: 'delivery', tally_calculated_Score: 2 },
		});
	});

	it('gives the response builder the NPS, the comment, the person and the consent', () => {
		const feedback = buildFeedback(readResponse(npsResponse).response, {}, context);
		expect(feedback.id).toBe('tally:Pz8kQ2');
		expect(feedback.sourceEventId).toBe('5f0c2e9a-7b41-4d8e-9a63-1c2b3d4e5f60');
		expect(feedback.surveyId).toBe('wLLK52');
		expect(feedback.submittedAt).toBe('2026-11-24T17:05:12.000Z');
		expect(feedback.metrics).toEqual([
			{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10, questionId: 'question_vB2nMq' },
			{ type: 'rating', score: 1, scaleMin: 1, scaleMax: 5, questionId: 'question_lK8jHg' },
		]);
		expect(feedback.comment).toBe('The courier left the parcel in the rain and it was soaked.');
		expect(feedback.respondent).toMatchObject({
			id: 'C-20931',
			customerId: 'C-20931',
			email: 'sam.rivera@example.org',
			phone: '+447700900123',
		});
		expect(feedback.touchpoint).toBe('delivery');
		expect(feedback.consent).toEqual({ contact: true });
		expect(feedback.hidden).toEqual({ customer_id: 'C-20931', touchpoint: 'delivery', tally_calculated_Score: 2 });
		expect(feedback.warnings).toEqual([]);
	});

	it("reads every field type of Tally's documented example event", () => {
		const { dedupKey, response } = readResponse(docsExample);
		expect(dedupKey).toBe('tally:a4cb511e-d513-4fa5-baee-b815d718dfd1');
		expect(response.responseId).toBe('2wgx4n');
		expect(response.surveyId).toBe('VwbNEw');
		expect(response.hidden).toEqual({
			utm_campaign: 'newsletter',
			tally_calculated_Score: 20,
			tally_calculated_Type: 'Hard',
		});
		const values = Object.fromEntries(response.answers.map((answer) => [answer.question, answer.value]));
		expect(values).toMatchObject({
			Text: 'Hello',
			Number: 10,
			Email: 'alice@example.com',
			'Long text': 'Hello world',
			'Multiple choice': 'In progress',
			Checkboxes: ['Swimming', 'Skiing'],
			Dropdown: 'Hard',
			'Multi-select': ['Surf', 'Golf'],
			Ranking: ['Pear', 'Apple', 'Banana'],
			'Linear scale': 7,
			Rating: 4,
			Matrix: { Quality: ['Satisfied'], Speed: ['Neutral'] },
			'Payment (price)': 9,
		});
		// The per-option booleans that follow a checkbox question repeat it and are left out.
		expect(response.answers.some((answer) => answer.questionId.startsWith('question_wQ1K7w_'))).toBe(false);
		expect(response.answers.map((answer) => answer.questionId)).toHaveLength(23);

		const feedback = buildFeedback(response, {}, context);
		expect(feedback.respondent.email).toBe('alice@example.com');
		expect(feedback.respondent.phone).toBe('+32491223344');
		expect(feedback.comment).toBe('Hello world');
		expect(feedback.metrics.map((metric) => [metric.type, metric.score])).toEqual([['rating', 4]]);
	});

	it('reads a choice sent as a single id, an id Tally does not list, no pick, and a lone checkbox', () => {
		const body = clone(npsResponse) as Body;
		const options = [
			{ id: 'opt-a', text: 'Alpha' },
			{ id: 'opt-b', text: 'Beta' },
		];
		body.data.fields = [
			{ key: 'q1', label: 'Single id', type: 'MULTIPLE_CHOICE', value: 'opt-b', options },
			{ key: 'q2', label: 'Other text', type: 'CHECKBOXES', value: ['opt-a', 'My own answer'], options },
			{ key: 'q3', label: 'Nothing picked', type: 'DROPDOWN', value: [], options },
			{ key: 'q4', label: 'Skipped', type: 'MULTIPLE_CHOICE', value: null, options },
			{ key: 'q5', label: 'I agree to be contacted', type: 'CHECKBOXES', value: true },
			{ key: 'q6', label: 'Two picked', type: 'MULTIPLE_CHOICE', value: ['opt-a', 'opt-b'], options },
		];
		const { answers } = readResponse(body).response;
		expect(answers.map((answer) => [answer.questionId, answer.value, answer.format])).toEqual([
			['q1', 'Beta', 'choice'],
			['q2', ['Alpha', 'My own answer'], 'choice'],
			['q3', null, 'choice'],
			['q4', null, 'choice'],
			['q5', true, 'boolean'],
			['q6', ['Alpha', 'Beta'], 'choice'],
		]);
	});

	it('names a hidden field by its key when it has no label, and keeps the first of two with one name', () => {
		const body = clone(npsResponse) as Body;
		body.data.fields = [
			{ key: 'question_h1', label: null, type: 'HIDDEN_FIELDS', value: 'x' },
			{ key: 'question_h2', label: 'email', type: 'HIDDEN_FIELDS', value: 'first@example.com' },
			{ key: 'question_h3', label: 'email', type: 'HIDDEN_FIELDS', value: 'second@example.com' },
		];
		expect(readResponse(body).response.hidden).toEqual({ question_h1: 'x', email: 'first@example.com' });
	});

	it('uses the event time when the response carries none', () => {
		const body = clone(npsResponse) as Body;
		delete body.data.createdAt;
		expect(readResponse(body).response.submittedAt).toBe('2026-11-24T17:05:12.418Z');
	});

	it('ignores events other than FORM_RESPONSE', () => {
		const body = { ...clone(npsResponse), eventType: 'FORM_DELETED' };
		expect(tallySource.read(jsonDelivery(body), undefined, context)).toEqual({
			kind: 'ignored',
			reason: 'Tally event "FORM_DELETED" is not a form response',
		});
	});
});

describe('Tally source: refusing what Tally does not send', () => {
	const withData = (change: (data: Record<string, unknown>) => void) => {
		const body = clone(npsResponse) as Body;
		change(body.data);
		return body;
	};

	it.each<[string, unknown, string]>([
		['null', null, 'body'],
		['a list', [npsResponse], 'body'],
		['a number', 42, 'body'],
		['no event type', {}, 'eventType'],
		['no event id', { ...clone(npsResponse), eventId: undefined }, 'eventId'],
		['a numeric event id', { ...clone(npsResponse), eventId: 12 }, 'eventId'],
		['no data', { ...clone(npsResponse), data: undefined }, 'data'],
		['data that is a list', { ...clone(npsResponse), data: [] }, 'data'],
		['no response id', withData((d) => delete d.responseId), 'data.responseId'],
		['no form id', withData((d) => delete d.formId), 'data.formId'],
		['no fields', withData((d) => delete d.fields), 'data.fields'],
		['fields that are an object', withData((d) => (d.fields = { a: 1 })), 'data.fields'],
		['a null field', withData((d) => (d.fields = [null])), 'data.fields.0'],
		['a field without type', withData((d) => (d.fields = [{ key: 'k', label: 'L', value: 1 }])), 'data.fields.0.type'],
		['a field without key', withData((d) => (d.fields = [{ label: 'L', type: 'INPUT_TEXT', value: 'x' }])), 'data.fields.0.key'],
		[
			'options that are not a list',
			withData((d) => (d.fields = [{ key: 'k', label: 'L', type: 'DROPDOWN', value: ['a'], options: 'a,b' }])),
			'data.fields.0.options',
		],
		[
			'a choice whose value is an object',
			withData((d) => (d.fields = [{ key: 'k', label: 'L', type: 'MULTIPLE_CHOICE', value: { id: 'a' }, options: [] }])),
			'data.fields.0.value',
		],
		[
			'a choice whose ids are numbers',
			withData((d) => (d.fields = [{ key: 'k', label: 'L', type: 'CHECKBOXES', value: [1, 2], options: [] }])),
			'data.fields.0.value',
		],
	])('refuses %s with a FeedbackError naming the field', (_label, body, field) => {
		expect(feedbackErrorOf(() => tallySource.read(jsonDelivery(body), undefined, context))).toMatchObject({ field });
	});
});

describe('Tally source: signature', () => {
	const secret = 'tally test secret';
	const raw = JSON.stringify(npsResponse);
	const sign = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');
	const verify = (request: InboundDelivery, key: string | undefined) => () => tallySource.verifySignature?.(request, { secret: key });

	it('accepts the base64 HMAC-SHA256 of the raw body', () => {
		expect(verify(rawJsonDelivery(raw, { 'tally-signature': sign(raw, secret) }), secret)).not.toThrow();
	});

	it('accepts the HMAC of JSON.stringify(payload), as in Tally\'s own example, when the bytes were re-spaced', () => {
		const pretty = JSON.stringify(npsResponse, null, 2);
		expect(verify(rawJsonDelivery(pretty, { 'tally-signature': sign(raw, secret) }), secret)).not.toThrow();
	});

	it.each<[string, () => InboundDelivery, string | undefined]>([
		['a wrong secret', () => rawJsonDelivery(raw, { 'tally-signature': sign(raw, 'another secret') }), secret],
		['a tampered body', () => rawJsonDelivery(raw.replace('"value":2', '"value":9'), { 'tally-signature': sign(raw, secret) }), secret],
		['no signature header', () => rawJsonDelivery(raw), secret],
		['no secret configured', () => rawJsonDelivery(raw, { 'tally-signature': sign(raw, secret) }), undefined],
		['a hex signature', () => rawJsonDelivery(raw, { 'tally-signature': createHmac('sha256', secret).update(raw).digest('hex') }), secret],
		['a signature with a prefix', () => rawJsonDelivery(raw, { 'tally-signature': `sha256=${sign(raw, secret)}` }), secret],
	])('refuses %s', (_label, request, key) => {
		expect(request().rawBody.toString()).not.toBe('');
		expect(signatureErrorOf(verify(request(), key))).toMatchObject({ header: 'Tally-Signature' });
	});
});

describe('Tally source: webhook registration', () => {
	const registration = tallySource.registration!;
	const target: RegistrationTarget = { webhookUrl: 'https://n8n.example.com/webhook/7f1c2d3e/survey', formId: 'wLLK52' };
	const listCall = (page: number): ApiCall => ({ method: 'GET', url: '/webhooks', qs: { page, limit: 100 } });
	const webhook = (id: string, url = target.webhookUrl, formId = 'wLLK52') => ({
		id,
		url,
		formId,
		eventTypes: ['FORM_RESPONSE'],
		isEnabled: true,
		createdAt: '2026-11-20T10:00:00.000Z',
	});
	/** Serves the webhook list in pages of the given sizes. */
	const listing = (...pages: unknown[][]) => (call: ApiCall) => {
		const page = Number(call.qs?.page);
		return { page, limit: 100, hasMore: page < pages.length, webhooks: pages[page - 1] ?? [] };
	};

	it('creates the webhook for the form, its responses, signed with the secret', async () => {
		const api = new FakeApi({ 'POST /webhooks': webhook('wh_new') });
		await expect(registration.create(api, target, 'generated secret')).resolves.toEqual({ webhookId: 'wh_new' });
		expect(api.calls).toEqual([
			{
				method: 'POST',
				url: '/webhooks',
				body: {
					formId: 'wLLK52',
					url: target.webhookUrl,
					eventTypes: ['FORM_RESPONSE'],
					signingSecret: 'generated secret',
				},
			},
		]);
	});

	it('fails when Tally answers the creation without an id, or no form is set', async () => {
		const api = new FakeApi({ 'POST /webhooks': { url: target.webhookUrl } });
		await expect(registration.create(api, target, 'generated secret')).rejects.toThrow(/without its id/);
		const unused = new FakeApi({ 'POST /webhooks': webhook('wh_new') });
		await expect(registration.create(unused, { ...target, formId: '' }, 'generated secret')).rejects.toThrow(/form ID/);
		expect(unused.calls).toEqual([]);
	});

	it('finds the webhook registered last time, reading every page', async () => {
		const api = new FakeApi({ 'GET /webhooks': listing([webhook('wh_other', 'https://elsewhere.example.com/hook')], [webhook('wh_1')]) });
		await expect(registration.exists(api, { ...target, registered: { webhookId: 'wh_1' } })).resolves.toBe(true);
		expect(api.calls).toEqual([listCall(1), listCall(2)]);
	});

	it.each<[string, RegistrationTarget, unknown[]]>([
		['the registered webhook was deleted', { ...target, registered: { webhookId: 'wh_1' } }, [webhook('wh_2')]],
		[
			'the registered webhook points elsewhere',
			{ ...target, registered: { webhookId: 'wh_1' } },
			[webhook('wh_1', 'https://old.example.com/hook')],
		],
		['only another form has a webhook on this URL', target, [webhook('wh_3', target.webhookUrl, 'otherForm')]],
		['there are no webhooks', target, []],
	])('does not exist when %s', async (_label, where, webhooks) => {
		const api = new FakeApi({ 'GET /webhooks': listing(webhooks) });
		await expect(registration.exists(api, where)).resolves.toBe(false);
	});

	it('finds a webhook on this URL and form when nothing was recorded', async () => {
		const api = new FakeApi({ 'GET /webhooks': listing([webhook('wh_3', target.webhookUrl, 'otherForm'), webhook('wh_4')]) });
		await expect(registration.exists(api, target)).resolves.toBe(true);
		expect(api.calls).toEqual([listCall(1)]);
	});

	it('fails when the webhook list is not what Tally documents', async () => {
		const api = new FakeApi({ 'GET /webhooks': { items: [] } });
		await expect(registration.exists(api, target)).rejects.toThrow(/unexpected shape/);
	});

	it('deletes the webhook registered last time, and accepts that it is already gone', async () => {
		const api = new FakeApi({ 'DELETE /webhooks/wh_1': httpError('404') });
		await expect(registration.remove(api, { ...target, registered: { webhookId: 'wh_1' } })).resolves.toBeUndefined();
		expect(api.calls).toEqual([{ method: 'DELETE', url: '/webhooks/wh_1' }]);
	});

	it("deletes this URL's webhooks on this form when nothing was recorded", async () => {
		const list = listing([webhook('wh_3', target.webhookUrl, 'otherForm'), webhook('wh_4'), webhook('wh_5', 'https://x.example.com')]);
		const api = new FakeApi({ 'GET /webhooks': list, 'DELETE /webhooks/wh_4': undefined });
		await registration.remove(api, target);
		expect(api.calls).toEqual([listCall(1), { method: 'DELETE', url: '/webhooks/wh_4' }]);
	});

	it('passes on other API failures from remove', async () => {
		const failureError = httpError('500');
		const api = new FakeApi({ 'DELETE /webhooks/wh_1': failureError });
		await expect(registration.remove(api, { ...target, registered: { webhookId: 'wh_1' } })).rejects.toBe(failureError);
	});
});
