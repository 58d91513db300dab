import { createHash, createHmac } from 'crypto';

import type { SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import {
	TYPEFORM_CALCULATED_SCORE_KEY,
	typeformSource,
	typeformWebhookTag,
} from '../../../nodes/SurveyTrigger/sources/typeform';
import type { RegistrationTarget } from '../../../nodes/SurveyTrigger/sources/types';
import docsExample from '../../fixtures/typeform/docs-example.json';
import frenchResponse from '../../fixtures/typeform/french-response.json';
import npsResponse from '../../fixtures/typeform/nps-response.json';
import { FakeApi, clone, context, expectResponse, feedbackErrorOf, httpError, jsonDelivery, rawJsonDelivery, signatureErrorOf } from './support';
import type { InboundDelivery } from '../../../nodes/shared/inboundDelivery';
import { isNotFound } from '../../../nodes/shared/apiClient';

function readResponse(body: unknown): { dedupKey: string | null; response: SurveyResponse } {
	return expectResponse(typeformSource.read(jsonDelivery(body), undefined, context));
}

describe('Typeform source: reading a form_response', () => {
	it('maps the NPS response, its ids and its hidden fields', () => {
		const { dedupKey, response } = readResponse(npsResponse);
		expect(dedupKey).toBe('typeform:01JD4M7QH2X9K8V3T6R5N1P0AB');
		expect(response).toEqual({
			source: 'typeform',
			responseId: '8h2kq0zv5n1m3x7c9b4l6j8d0f2g4h6k',
			eventId: '01JD4M7QH2X9K8V3T6R5N1P0AB',
			surveyId: 'Xq7RtB2k',
			submittedAt: '2026-11-24T17:02:13Z',
			answers: [
				{
					questionId: 'nW4pT8yZq1Lc',
					ref: 'nps_delivery',
					question: 'How likely are you to recommend Acme to a friend or colleague?',
					type: 'nps',
					value: 2,
					format: 'number',
					scale: { min: 0, max: 10 },
					measures: 'nps',
				},
				{
					questionId: 'fK2mR7sV9xQa',
					ref: 'nps_reason',
					question: 'What is the main reason for your score?',
					type: 'long_text',
					value: 'The parcel arrived three days late and nobody answered my emails.',
					format: 'longText',
					scale: null,
					measures: null,
				},
				{
					questionId: 'hB5nY3cE8uWd',
					ref: 'delivery_time',
					question: 'How satisfied are you with the delivery time?',
					type: 'opinion_scale',
					value: 1,
					format: 'number',
					scale: { min: 1, max: 5 },
					measures: null,
				},
				{
					questionId: 'rT6vL1oP4iSe',
					ref: 'problem_area',
					question: 'Which part of the order went wrong?',
					type: 'multiple_choice',
					value: 'Late delivery',
					format: 'choice',
					scale: null,
					measures: null,
				},
				{
					questionId: 'yU8cN2bM5kAz',
					ref: 'may_we_contact',
					question: 'May we contact you to follow up on your answers?',
					type: 'yes_no',
					value: true,
					format: 'boolean',
					scale: null,
					measures: null,
				},
				{
					questionId: 'qL9xE4rT7wGs',
					ref: 'callback_phone',
					question: 'Which phone number can we reach you on?',
					type: 'phone_number',
					value: '+14155550132',
					format: 'phone',
					scale: null,
					measures: null,
				},
			],
			hidden: {
				email: 'Jordan.Lee@Example.com',
				customer_id: 'C-10442',
				typeform_calculated_score: 0,
				typeform_variable_score: 0,
			},
		});
	});

	it('gives the response builder the NPS, the comment, the person and the consent', () => {
		const feedback = buildFeedback(readResponse(npsResponse).response, {}, context);
		expect(feedback.id).toBe('typeform:8h2kq0zv5n1m3x7c9b4l6j8d0f2g4h6k');
		expect(feedback.sourceEventId).toBe('01JD4M7QH2X9K8V3T6R5N1P0AB');
		expect(feedback.surveyId).toBe('Xq7RtB2k');
		expect(feedback.submittedAt).toBe('2026-11-24T17:02:13.000Z');
		expect(feedback.metrics).toEqual([
			{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10, questionId: 'nW4pT8yZq1Lc' },
			{ type: 'csat', score: 1, scaleMin: 1, scaleMax: 5, questionId: 'hB5nY3cE8uWd' },
		]);
		expect(feedback.comment).toBe('The parcel arrived three days late and nobody answered my emails.');
		expect(feedback.respondent).toMatchObject({
			id: 'C-10442',
			customerId: 'C-10442',
			email: 'jordan.lee@example.com',
			phone: '+14155550132',
		});
		expect(feedback.consent).toEqual({ contact: true });
		expect(feedback.hidden[TYPEFORM_CALCULATED_SCORE_KEY]).toBe(0);
		expect(feedback.warnings).toEqual([]);
	});

	it('reads a French response: detractor, comment, declined consent, locale from a hidden field', () => {
		const { response } = readResponse(frenchResponse);
		expect(response.answers.find((answer) => answer.type === 'rating')).toMatchObject({
			ref: 'note_produit',
			value: 2,
			scale: { min: 1, max: 5 },
			measures: 'rating',
		});
		const feedback = buildFeedback(response, {}, context);
		expect(feedback.metrics).toEqual([
			{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'aZ1xC3vB5nM7' },
			{ type: 'rating', score: 2, scaleMin: 1, scaleMax: 5, questionId: 'qW3eR5tY7uI9' },
		]);
		expect(feedback.comment).toBe("Colis abîmé à l'arrivée, et le livreur n'a pas sonné.");
		expect(feedback.respondent.email).toBe('claire.martin@example.fr');
		expect(feedback.respondent.customerId).toBe('FR-2291');
		expect(feedback.consent.contact).toBe(false);
		expect(feedback.locale).toBe('fr-FR');
	});

	it("reads every answer type of Typeform's documented example payload", () => {
		const { dedupKey, response } = readResponse(docsExample);
		expect(dedupKey).toBe('typeform:LtWXD3crgy');
		expect(response.responseId).toBe('a3a12ec67a1365927098a606107fac15');
		expect(Object.fromEntries(response.answers.map((answer) => [answer.questionId, answer.value]))).toEqual({
			DlXFaesGBpoF: "It's cold right now! I live in an older medium-sized city with a university. Geographically, the area is hilly.",
			SMEUb7VJz92Q: 'laura@example.com',
			JwWggjAKtOkA: 'Laura',
			KoJxDM3c6x8h: '2005-10-15',
			PNe8ZKBK8C2Q: ['London', 'Sydney'],
			Q7M2XAwY04dW: 5,
			gFFf3xAkJKsr: true,
			k6TP9oLGgHjl: 'London',
			RUqkXSeXBXSd: false,
			NRsxU591jIW9: 2,
			WOTdC00F8A3h: 3,
			pn48RmPazVdM: 4,
			M5tXK5kG7IeA: 'https://calendly.com/scheduled_events/EVENT_TYPE/invitees/INVITEE',
		});
		expect(response.answers.map((answer) => answer.format)).toEqual([
			'longText',
			'email',
			'shortText',
			'date',
			'choice',
			'number',
			'boolean',
			'choice',
			'boolean',
			'number',
			'number',
			'number',
			null,
		]);
		// The example's answers carry no ref; the definition's is used.
		expect(response.answers[0].ref).toBe('readable_ref_long_text');
		expect(response.hidden).toEqual({
			user_id: 'abc123456',
			typeform_calculated_score: 9,
			typeform_variable_score: 4,
			typeform_variable_name: 'typeform',
		});

		const feedback = buildFeedback(response, {}, context);
		expect(feedback.respondent.email).toBe('laura@example.com');
		// The variable called "name" is not taken for the respondent's name.
		expect(feedback.respondent.name).toBeNull();
		expect(feedback.metrics.map((metric) => [metric.type, metric.score])).toEqual([['rating', 3]]);
		expect(feedback.comment).toMatch(/^It's cold right now!/);
	});

	it('keeps a hidden field that has the same name as a computed value', () => {
		const body = clone(docsExample);
		(body.form_response.hidden as Record<string, unknown>)[TYPEFORM_CALCULATED_SCORE_KEY] = 'from the link';
		expect(readResponse(body).response.hidden?.[TYPEFORM_CALCULATED_SCORE_KEY]).toBe('from the link');
	});

	it('reads an "Other" choice, several choices with an other, and an answer whose question is not in the definition', () => {
		const body = clone(npsResponse) as { form_response: { answers: unknown[] } };
		body.form_response.answers = [
			{ type: 'choice', choice: { other: 'Wrong colour' }, field: { id: 'rT6vL1oP4iSe', type: 'multiple_choice' } },
			{ type: 'choices', choices: { labels: ['A'], other: 'B' }, field: { id: 'unknownField', type: 'multiple_choice' } },
			{ type: 'payment', payment: { amount: '1.00', last4: '4242', name: 'J L', success: true }, field: { id: 'pay1', type: 'payment' } },
		];
		const { answers } = readResponse(body).response;
		expect(answers.map((answer) => answer.value)).toEqual([
			'Wrong colour',
			['A', 'B'],
			{ amount: '1.00', last4: '4242', name: 'J L', success: true },
		]);
		expect(answers[1]).toMatchObject({ questionId: 'unknownField', question: null, type: 'multiple_choice', ref: null });
	});

	it('derives opinion scale ranges from the declared steps', () => {
		const body = clone(npsResponse);
		const field = body.form_response.definition.fields[2] as { properties: Record<string, unknown> };
		field.properties = { steps: 11, start_at_one: false };
		expect(readResponse(body).response.answers[2].scale).toEqual({ min: 0, max: 10 });
		field.properties = {};
		expect(readResponse(body).response.answers[2].scale).toBeNull();
	});

	it('does not read an answer type named after an object property', () => {
		const body = clone(npsResponse) as { form_response: { answers: unknown[] } };
		body.form_response.answers = [{ type: 'constructor', field: { id: 'x1', type: 'constructor' } }];
		const [answer] = readResponse(body).response.answers;
		expect(answer.value).toBeNull();
		expect(answer.format).toBeNull();
	});

	it('ignores events other than form_response', () => {
		const body = { ...clone(npsResponse), event_type: 'form_response_partial' };
		expect(typeformSource.read(jsonDelivery(body), undefined, context)).toEqual({
			kind: 'ignored',
			reason: 'Typeform event "form_response_partial" is not a submitted response',
		});
	});
});

describe('Typeform source: refusing what Typeform does not send', () => {
	const valid = () => clone(npsResponse) as Record<string, unknown> & { form_response: Record<string, unknown> };
	const withResponse = (change: (formResponse: Record<string, unknown>) => void) => {
		const body = valid();
		change(body.form_response);
		return body;
	};

	it.each<[string, unknown, string]>([
		['null', null, 'body'],
		['a list', [npsResponse], 'body'],
		['text', 'form_response', 'body'],
		['no event type', {}, 'event_type'],
		['a numeric event type', { event_type: 7 }, 'event_type'],
		['no event id', { ...valid(), event_id: undefined }, 'event_id'],
		['a blank event id', { ...valid(), event_id: '  ' }, 'event_id'],
		['no form_response', { ...valid(), form_response: undefined }, 'form_response'],
		['a form_response list', { ...valid(), form_response: [] }, 'form_response'],
		['no token', withResponse((r) => delete r.token), 'form_response.token'],
		['a numeric form id', withResponse((r) => (r.form_id = 42)), 'form_response.form_id'],
		['answers that are not a list', withResponse((r) => (r.answers = 'x')), 'form_response.answers'],
		['a null answer', withResponse((r) => (r.answers = [null])), 'form_response.answers.0'],
		['an answer without field', withResponse((r) => (r.answers = [{ type: 'text', text: 'hi' }])), 'form_response.answers.0.field'],
		['an answer without type', withResponse((r) => (r.answers = [{ text: 'hi', field: { id: 'a' } }])), 'form_response.answers.0.type'],
		[
			'a number answer holding text',
			withResponse((r) => (r.answers = [{ type: 'number', number: 'ten', field: { id: 'a' } }])),
			'form_response.answers.0.number',
		],
		[
			'a text answer without its text',
			withResponse((r) => (r.answers = [{ type: 'text', field: { id: 'a' } }])),
			'form_response.answers.0.text',
		],
		[
			'a boolean answer holding "yes"',
			withResponse((r) => (r.answers = [{ type: 'boolean', boolean: 'yes', field: { id: 'a' } }])),
			'form_response.answers.0.boolean',
		],
		[
			'a choice that is plain text',
			withResponse((r) => (r.answers = [{ type: 'choice', choice: 'London', field: { id: 'a' } }])),
			'form_response.answers.0.choice',
		],
		[
			'choices whose labels are not text',
			withResponse((r) => (r.answers = [{ type: 'choices', choices: { labels: [1, 2] }, field: { id: 'a' } }])),
			'form_response.answers.0.choices',
		],
		[
			'a definition field without id',
			withResponse((r) => (r.definition = { fields: [{ title: 'Q' }] })),
			'form_response.definition.fields.0.id',
		],
		['hidden fields that are text', withResponse((r) => (r.hidden = 'email=a@b.c')), 'form_response.hidden'],
		['variables that are not a list', withResponse((r) => (r.variables = { score: 1 })), 'form_response.variables'],
	])('refuses %s with a FeedbackError naming the field', (_label, body, field) => {
		const result = feedbackErrorOf(() => typeformSource.read(jsonDelivery(body), undefined, context));
		expect(result).toMatchObject({ field });
	});
});

describe('Typeform source: signature', () => {
	const secret = 'typeform test secret';
	const raw = JSON.stringify(npsResponse);
	const sign = (body: string, key: string) => `sha256=${createHmac('sha256', key).update(body).digest('base64')}`;
	const verify = (request: InboundDelivery, key: string | undefined) => () =>
		typeformSource.verifySignature?.(request, { secret: key });

	it('accepts the base64 HMAC-SHA256 of the raw body, prefixed sha256=', () => {
		expect(verify(rawJsonDelivery(raw, { 'typeform-signature': sign(raw, secret) }), secret)).not.toThrow();
	});

	it('checks the bytes as sent, not a re-serialisation', () => {
		const pretty = JSON.stringify(npsResponse, null, 2);
		expect(verify(rawJsonDelivery(pretty, { 'typeform-signature': sign(pretty, secret) }), secret)).not.toThrow();
		expect(signatureErrorOf(verify(rawJsonDelivery(pretty, { 'typeform-signature': sign(raw, secret) }), secret))).toMatchObject({
			header: 'Typeform-Signature',
		});
	});

	it.each<[string, () => InboundDelivery, string | undefined]>([
		['a wrong secret', () => rawJsonDelivery(raw, { 'typeform-signature': sign(raw, 'another secret') }), secret],
		['a tampered body', () => rawJsonDelivery(raw.replace('"number":2', '"number":9'), { 'typeform-signature': sign(raw, secret) }), secret],
		['no signature header', () => rawJsonDelivery(raw), secret],
		['no secret configured', () => rawJsonDelivery(raw, { 'typeform-signature': sign(raw, secret) }), undefined],
		['a signature without its prefix', () => rawJsonDelivery(raw, { 'typeform-signature': sign(raw, secret).slice(7) }), secret],
		[
			'a hex signature',
			() => rawJsonDelivery(raw, { 'typeform-signature': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` }),
			secret,
		],
	])('refuses %s', (_label, request, key) => {
		expect(request().rawBody.toString()).not.toBe('');
		expect(signatureErrorOf(verify(request(), key))).toMatchObject({ header: 'Typeform-Signature' });
	});
});

describe('Typeform source: webhook registration', () => {
	const registration = typeformSource.registration!;
	const target: RegistrationTarget = {
		webhookUrl: 'https://n8n.example.com/webhook/7f1c2d3e/survey',
		formId: 'Xq7RtB2k',
	};
	const tag = `n8n-closed-loop-${createHash('sha256').update(target.webhookUrl).digest('hex').slice(0, 16)}`;
	const endpoint = `/forms/Xq7RtB2k/webhooks/${tag}`;

	it('derives a stable tag from the webhook URL, different for another workflow', () => {
		expect(typeformWebhookTag(target.webhookUrl)).toBe(tag);
		expect(typeformWebhookTag('https://n8n.example.com/webhook/other/survey')).not.toBe(tag);
		expect(tag).toMatch(/^[a-zA-Z0-9_-]+$/);
	});

	it('creates the webhook with a PUT on its tag, signed with the secret, for submitted responses only', async () => {
		const api = new FakeApi({ [`PUT ${endpoint}`]: { id: 'yRtagDm8AT', tag, url: target.webhookUrl, enabled: true } });
		await expect(registration.create(api, target, 'generated secret')).resolves.toEqual({ webhookId: tag });
		expect(api.calls).toEqual([
			{
				method: 'PUT',
				url: endpoint,
				body: {
					url: target.webhookUrl,
					enabled: true,
					secret: 'generated secret',
					verify_ssl: true,
					event_types: { form_response: true },
				},
			},
		]);
	});

	it('refuses to register without a form id', async () => {
		const api = new FakeApi();
		await expect(registration.create(api, { ...target, formId: ' ' }, 'generated secret')).rejects.toThrow(/form ID/);
		expect(api.calls).toEqual([]);
	});

	it('exists when the tag points to this URL and is enabled', async () => {
		const api = new FakeApi({ [`GET ${endpoint}`]: { id: 'yRtagDm8AT', tag, url: target.webhookUrl, enabled: true } });
		await expect(registration.exists(api, target)).resolves.toBe(true);
		expect(api.calls).toEqual([{ method: 'GET', url: endpoint }]);
	});

	it.each<[string, unknown]>([
		['points to another URL', { tag, url: 'https://old.example.com/webhook', enabled: true }],
		['is switched off', { tag, url: 'https://n8n.example.com/webhook/7f1c2d3e/survey', enabled: false }],
		['answers something else', 'OK'],
	])('does not exist when the webhook %s', async (_label, webhook) => {
		const api = new FakeApi({ [`GET ${endpoint}`]: webhook });
		await expect(registration.exists(api, target)).resolves.toBe(false);
	});

	it.each<[string, unknown]>([
		["n8n's NodeApiError (httpCode '404')", httpError('404')],
		['an error whose cause has status 404', Object.assign(new Error('wrapped'), { cause: { status: 404 } })],
		['an HTTP client error with response.status 404', Object.assign(new Error('axios'), { response: { status: 404 } })],
	])('does not exist when Typeform answers 404, as %s', async (_label, error) => {
		const api = new FakeApi({ [`GET ${endpoint}`]: error });
		await expect(registration.exists(api, target)).resolves.toBe(false);
	});

	it('passes on other API failures from exists', async () => {
		const failureError = httpError('401');
		const api = new FakeApi({ [`GET ${endpoint}`]: failureError });
		await expect(registration.exists(api, target)).rejects.toBe(failureError);
	});

	it('removes the tag registered last time', async () => {
		const api = new FakeApi({ 'DELETE /forms/Xq7RtB2k/webhooks/n8n-closed-loop-0123456789abcdef': undefined });
		await registration.remove(api, { ...target, registered: { webhookId: 'n8n-closed-loop-0123456789abcdef' } });
		expect(api.calls).toEqual([
			{ method: 'DELETE', url: '/forms/Xq7RtB2k/webhooks/n8n-closed-loop-0123456789abcdef' },
		]);
	});

	it("removes this URL's tag when nothing was recorded, and accepts that it is already gone", async () => {
		const api = new FakeApi({ [`DELETE ${endpoint}`]: httpError('404') });
		await expect(registration.remove(api, target)).resolves.toBeUndefined();
		expect(api.calls).toEqual([{ method: 'DELETE', url: endpoint }]);
	});

	it('passes on other API failures from remove', async () => {
		const api = new FakeApi({ [`DELETE ${endpoint}`]: httpError('500') });
		await expect(registration.remove(api, target)).rejects.toThrow('HTTP 500');
	});

	it('tells a 404 from other failures', () => {
		expect(isNotFound(httpError('404'))).toBe(true);
		expect(isNotFound({ statusCode: 404 })).toBe(true);
		expect(isNotFound(httpError('403'))).toBe(false);
		expect(isNotFound(new Error('404 in the text only'))).toBe(false);
		expect(isNotFound(null)).toBe(false);
		expect(isNotFound('404')).toBe(false);
	});
});
