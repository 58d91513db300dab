import { createHmac } from 'crypto';

import type { SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { surveyMonkeySource } from '../../../nodes/SurveyTrigger/sources/surveyMonkey';
import type { RegistrationTarget, SigningSecrets, SourceEvent } from '../../../nodes/SurveyTrigger/sources/types';
import responseDetailsFixture from '../../fixtures/surveymonkey/response-details.json';
import surveyDetailsFixture from '../../fixtures/surveymonkey/survey-details.json';
import webhookEventFixture from '../../fixtures/surveymonkey/webhook-response-completed.json';
import webhookFixture from '../../fixtures/surveymonkey/webhook.json';
import type { Json } from './support';
import { FakeApi, answerById, clone, context, feedbackErrorOf, fetchedBy, httpError, jsonDelivery, rawJsonDelivery, rejectionOf, signatureErrorOf } from './support';
import { isNotFound } from '../../../nodes/shared/apiClient';

const SURVEY_ID = '405071234';
const RESPONSE_ID = '118052219061';
const RESPONSE_PATH = `/v3/surveys/${SURVEY_ID}/responses/${RESPONSE_ID}/details`;
const SURVEY_PATH = `/v3/surveys/${SURVEY_ID}/details`;

function read(body: unknown): SourceEvent {
	return surveyMonkeySource.read(jsonDelivery(body), undefined, context);
}

async function fetched(
	routes: Record<string, unknown> = { [`GET ${RESPONSE_PATH}`]: responseDetailsFixture, [`GET ${SURVEY_PATH}`]: surveyDetailsFixture },
	body: unknown = webhookEventFixture,
): Promise<{ response: SurveyResponse; api: FakeApi }> {
	return fetchedBy(read(body), routes);
}

describe('SurveyMonkey source: reading the webhook', () => {
	it('asks to fetch the response named by the event, deduplicated by event id', () => {
		const event = read(webhookEventFixture);
		expect(event).toMatchObject({
			kind: 'fetch',
			dedupKey: '10064387112',
			description: `SurveyMonkey response ${RESPONSE_ID} of survey ${SURVEY_ID}`,
		});
	});

	it('also fetches updated responses', () => {
		const body = { ...clone(webhookEventFixture), event_type: 'response_updated', event_id: '10064399999' };
		expect(read(body)).toMatchObject({ kind: 'fetch', dedupKey: '10064399999' });
	});

	it('falls back on resources.respondent_id when the object is not the response', () => {
		const body = clone(webhookEventFixture) as Json;
		body.object_type = 'survey';
		body.object_id = SURVEY_ID;
		expect(read(body)).toMatchObject({ kind: 'fetch', description: `SurveyMonkey response ${RESPONSE_ID} of survey ${SURVEY_ID}` });
	});

	it.each(['response_created', 'response_disqualified', 'response_deleted', 'response_overquota', 'collector_created'])(
		'acknowledges and ignores %s',
		(eventType) => {
			const event = read({ ...clone(webhookEventFixture), event_type: eventType });
			expect(event.kind).toBe('ignored');
			expect(event.kind === 'ignored' && event.reason).toContain(eventType);
		},
	);

	it.each<[string, unknown, string]>([
		['null', null, 'body'],
		['a list', [webhookEventFixture], 'body'],
		['text', 'event_type=response_completed', 'body'],
		['no event_type', { ...clone(webhookEventFixture), event_type: undefined }, 'event_type'],
		['a numeric event_type', { ...clone(webhookEventFixture), event_type: 7 }, 'event_type'],
		['no event_id', { ...clone(webhookEventFixture), event_id: undefined }, 'event_id'],
		['an object as event_id', { ...clone(webhookEventFixture), event_id: { id: 1 } }, 'event_id'],
		['no resources', { ...clone(webhookEventFixture), resources: undefined }, 'resources'],
		['null resources', { ...clone(webhookEventFixture), resources: null }, 'resources'],
		['no survey id', { ...clone(webhookEventFixture), resources: { respondent_id: RESPONSE_ID } }, 'resources.survey_id'],
		['an empty survey id', { ...clone(webhookEventFixture), resources: { survey_id: ' ', respondent_id: RESPONSE_ID } }, 'resources.survey_id'],
		[
			'no response id anywhere',
			{ ...clone(webhookEventFixture), object_id: undefined, resources: { survey_id: SURVEY_ID } },
			'object_id',
		],
	])('refuses a body with %s, naming the field', (_, body, field) => {
		expect(feedbackErrorOf(() => read(body))).toMatchObject({ field });
	});
});

describe('SurveyMonkey source: fetching the response', () => {
	it('reads the response details and the survey details, in that order', async () => {
		const { api } = await fetched();
		expect(api.calls).toEqual([
			{ method: 'GET', url: RESPONSE_PATH },
			{ method: 'GET', url: SURVEY_PATH },
		]);
	});

	it('maps each question family with the heading the respondent read', async () => {
		const { response } = await fetched();
		const answers = response.answers;
		expect(answerById(answers, '73575767')).toEqual({
			questionId: '73575767',
			question: 'How likely is it that you would recommend Maison Lumière to a friend or colleague?',
			type: 'matrix/rating',
			value: 3,
			scale: { min: 0, max: 10 },
			measures: 'nps',
			format: 'number',
		});
		expect(answerById(answers, '73575768')).toMatchObject({
			question: 'What is the main reason for your score?',
			value: "Livraison en retard de trois jours, personne ne m'a prévenue.",
			format: 'longText',
		});
		expect(answerById(answers, '73575769')).toMatchObject({ value: 'Pick-up point', format: 'choice' });
		expect(answerById(answers, '73575770_590723108')).toMatchObject({
			ref: 'email',
			question: 'How can we reach you? - Email Address',
			value: 'claire.m@example.org',
			format: 'email',
		});
		expect(answerById(answers, '73575770_590723109')).toMatchObject({ ref: 'phone', value: '+33 6 12 34 56 78', format: 'phone' });
		expect(answerById(answers, '73575771')).toMatchObject({ question: 'When did your order arrive?', value: '11/21/2026', format: 'date' });
		expect(response).toMatchObject({
			source: 'surveymonkey',
			responseId: RESPONSE_ID,
			eventId: '10064387112',
			revision: 1,
			surveyId: SURVEY_ID,
			submittedAt: '2026-11-24T16:05:29+00:00',
			locale: 'en',
			respondent: { email: 'Claire.Martin@Example.fr', name: 'Claire Martin' },
			hidden: { customer_id: 'C-981', order_id: 'O-7781', custom_value: 'VIP' },
		});
	});

	it('gives the canonical feedback: NPS, comment, email, customer id', async () => {
		const { response } = await fetched();
		const feedback = buildFeedback(response, {}, context);
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: '73575767' }]);
		expect(feedback.comment).toBe("Livraison en retard de trois jours, personne ne m'a prévenue.");
		expect(feedback.respondent).toMatchObject({
			email: 'claire.martin@example.fr',
			customerId: 'C-981',
			name: 'Claire Martin',
			phone: '+33 6 12 34 56 78',
		});
		expect(feedback).toMatchObject({
			id: `surveymonkey:${RESPONSE_ID}`,
			source: 'surveymonkey',
			sourceEventId: '10064387112',
			surveyId: SURVEY_ID,
			submittedAt: '2026-11-24T16:05:29.000Z',
			locale: 'en',
			warnings: [],
		});
	});

	it('takes the email from the contact question when the response has no contact metadata', async () => {
		const details = clone(responseDetailsFixture) as Json;
		details.metadata = {};
		const { response } = await fetched({ [`GET ${RESPONSE_PATH}`]: details, [`GET ${SURVEY_PATH}`]: surveyDetailsFixture });
		expect(buildFeedback(response, {}, context).respondent.email).toBe('claire.m@example.org');
	});

	it('finds the NPS question by its 0-10 choices, whatever its wording', async () => {
		const survey = clone(surveyDetailsFixture);
		survey.pages[0].questions[0].headings = [{ heading: 'Your score for this delivery' }];
		const { response } = await fetched({ [`GET ${RESPONSE_PATH}`]: responseDetailsFixture, [`GET ${SURVEY_PATH}`]: survey });
		expect(buildFeedback(response, {}, context).metrics).toEqual([
			{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: '73575767' },
		]);
	});

	it('leaves an N/A column out of the NPS scale and answers it with its text', async () => {
		const survey = clone(surveyDetailsFixture) as Json & { pages: Array<{ questions: Array<{ answers: { choices: Json[] } }> }> };
		survey.pages[0].questions[0].answers.choices.push({ id: '590722999', text: 'N/A', is_na: true, visible: true, position: 12, weight: 0 });
		const nps = await fetched({ [`GET ${RESPONSE_PATH}`]: responseDetailsFixture, [`GET ${SURVEY_PATH}`]: survey });
		expect(answerById(nps.response.answers, '73575767')).toMatchObject({ value: 3, measures: 'nps', scale: { min: 0, max: 10 } });
		const details = clone(responseDetailsFixture) as Json & { pages: Array<{ questions: Array<{ answers: Json[] }> }> };
		details.pages[0].questions[0].answers = [{ choice_id: '590722999', row_id: '590723005' }];
		const na = await fetched({ [`GET ${RESPONSE_PATH}`]: details, [`GET ${SURVEY_PATH}`]: survey });
		expect(answerById(na.response.answers, '73575767')).toMatchObject({ value: 'N/A', format: 'choice' });
		expect(buildFeedback(na.response, {}, context).metrics).toEqual([]);
	});

	it('reads a star rating by its choice weights and a 1-5 numbered choice as a scale, not as NPS', async () => {
		const survey = clone(surveyDetailsFixture) as Json & { pages: Array<{ questions: unknown[] }> };
		survey.pages[0].questions.push(
			{
				id: '73575780',
				family: 'matrix',
				subtype: 'rating',
				display_options: { display_type: 'emoji', display_subtype: 'star' },
				headings: [{ heading: 'How would you rate the courier?' }],
				answers: {
					rows: [{ id: '590723200', text: '', visible: true, position: 1 }],
					choices: [1, 2, 3, 4, 5].map((weight) => ({ id: `59072321${weight}`, text: '', weight, visible: true, position: weight })),
				},
			},
			{
				id: '73575781',
				family: 'single_choice',
				subtype: 'horiz',
				headings: [{ heading: 'How easy was it to track your order?' }],
				answers: { choices: [1, 2, 3, 4, 5].map((n) => ({ id: `59072322${n}`, text: String(n), visible: true, position: n })) },
			},
		);
		const details = clone(responseDetailsFixture) as Json & { pages: Array<{ questions: unknown[] }> };
		details.pages[0].questions.push(
			{ id: '73575780', answers: [{ choice_id: '590723214', row_id: '590723200' }] },
			{ id: '73575781', answers: [{ choice_id: '590723222' }] },
		);
		const { response } = await fetched({ [`GET ${RESPONSE_PATH}`]: details, [`GET ${SURVEY_PATH}`]: survey });
		expect(answerById(response.answers, '73575780')).toMatchObject({
			type: 'matrix/rating/emoji',
			value: 4,
			scale: { min: 1, max: 5 },
			measures: null,
		});
		expect(answerById(response.answers, '73575781')).toMatchObject({ value: 2, scale: { min: 1, max: 5 }, measures: null });
		const metrics = buildFeedback(response, {}, context).metrics;
		expect(metrics).toEqual([
			{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: '73575767' },
			{ type: 'ces', score: 2, scaleMin: 1, scaleMax: 5, questionId: '73575781' },
			{ type: 'rating', score: 4, scaleMin: 1, scaleMax: 5, questionId: '73575780' },
		]);
	});

	it('keeps the text of an "Other" answer and of a question missing from the survey details', async () => {
		const details = clone(responseDetailsFixture) as Json & { pages: Array<{ questions: Array<{ id: string; answers: unknown[] }> }> };
		details.pages[0].questions[2].answers = [{ other_id: '590723092', text: 'Left with a neighbour' }];
		details.pages[0].questions.push({ id: '99999999', answers: [{ text: 'Orphan answer' }] });
		const { response } = await fetched({ [`GET ${RESPONSE_PATH}`]: details, [`GET ${SURVEY_PATH}`]: surveyDetailsFixture });
		expect(answerById(response.answers, '73575769')).toMatchObject({
			question: 'How did you receive your order?',
			value: 'Left with a neighbour',
			format: 'shortText',
		});
		expect(answerById(response.answers, '99999999')).toEqual({ questionId: '99999999', question: null, type: null, value: 'Orphan answer' });
	});

	it('numbers an updated response by the time of its last change', async () => {
		const body = { ...clone(webhookEventFixture), event_type: 'response_updated' };
		const { response } = await fetched(undefined, body);
		expect(response.revision).toBe(1795536329);
	});

	it.each<[string, (details: Json, survey: Json) => void, string]>([
		['a response without pages', (details) => delete details.pages, 'response.pages'],
		['a response whose answers are not a list', (details) => ((details.pages as Json[])[0].questions = [{ id: '1', answers: 'x' }]), 'response.pages.0.questions.0.answers'],
		['a response without id', (details) => delete details.id, 'response.id'],
		['survey details without pages', (_, survey) => (survey.pages = null), 'survey.pages'],
		[
			'a question without family',
			(_, survey) => delete ((survey.pages as Json[])[0].questions as Json[])[0].family,
			'survey.pages.0.questions.0.family',
		],
	])('refuses %s from the API, naming the field', async (_, spoil, field) => {
		const details = clone(responseDetailsFixture) as Json;
		const survey = clone(surveyDetailsFixture) as Json;
		spoil(details, survey);
		const failure = await rejectionOf(() => fetched({ [`GET ${RESPONSE_PATH}`]: details, [`GET ${SURVEY_PATH}`]: survey }));
		// The tool's API answered this, not the sender: an ApiAnswerError (502), never a FeedbackError (400).
		expect(failure).toMatchObject({ name: 'ApiAnswerError', field, retryable: false });
	});

	it('refuses an API answer that is not an object', async () => {
		const failure = await rejectionOf(() => fetched({ [`GET ${RESPONSE_PATH}`]: null, [`GET ${SURVEY_PATH}`]: surveyDetailsFixture }));
		expect(failure).toMatchObject({ name: 'ApiAnswerError', field: 'response', retryable: false });
	});

	it('asks for a retry when the announced response is not in the API yet (404), without fetching the survey', async () => {
		const api = new FakeApi({ [`GET ${RESPONSE_PATH}`]: httpError('404', 'Resource not found'), [`GET ${SURVEY_PATH}`]: surveyDetailsFixture });
		const event = surveyMonkeySource.read(jsonDelivery(webhookEventFixture), undefined, context);
		if (event.kind !== 'fetch') throw new Error(`expected a fetch event, got ${event.kind}`);
		expect(await rejectionOf(() => event.fetch(api))).toMatchObject({ name: 'ApiAnswerError', field: 'response', retryable: true });
		expect(api.calls.map((call) => call.url)).toEqual([RESPONSE_PATH]);
	});

	it('asks for a retry when a completed response still reads as partial, and reads a partial update as it is', async () => {
		const partial = { ...clone(responseDetailsFixture), response_status: 'partial' };
		const routes = { [`GET ${RESPONSE_PATH}`]: partial, [`GET ${SURVEY_PATH}`]: surveyDetailsFixture };
		expect(await rejectionOf(() => fetched(routes))).toMatchObject({
			name: 'ApiAnswerError',
			field: 'response.response_status',
			retryable: true,
		});
		const { response } = await fetched(routes, { ...clone(webhookEventFixture), event_type: 'response_updated' });
		expect(response.answers.length).toBeGreaterThan(0);
	});
});

describe('SurveyMonkey source: Sm-Signature', () => {
	const raw = JSON.stringify(webhookEventFixture);
	const credentials: SigningSecrets = { apiCredentials: { clientId: 'sm-client-id', clientSecret: 'sm-client-secret' } };
	const sign = (key: string, body: string) => createHmac('sha1', key).update(body, 'utf8').digest('base64');
	const verify = (headers: Record<string, string>, secrets: SigningSecrets = credentials, body = raw) => () =>
		surveyMonkeySource.verifySignature?.(rawJsonDelivery(body, headers), secrets);

	it('accepts the base64 HMAC-SHA1 of the raw body keyed with "clientId&clientSecret"', () => {
		expect(verify({ 'sm-signature': sign('sm-client-id&sm-client-secret', raw) })).not.toThrow();
	});

	it('refuses a signature made with another key', () => {
		expect(signatureErrorOf(verify({ 'sm-signature': sign('sm-client-secret', raw) }))).toMatchObject({ header: 'Sm-Signature' });
	});

	it('refuses a body changed after signing', () => {
		const signature = sign('sm-client-id&sm-client-secret', raw);
		const tampered = raw.replace(RESPONSE_ID, '118052219062');
		expect(signatureErrorOf(verify({ 'sm-signature': signature }, credentials, tampered))).toMatchObject({
			header: 'Sm-Signature',
			message: expect.stringContaining('does not match'),
		});
	});

	it('refuses an unsigned delivery', () => {
		expect(signatureErrorOf(verify({}))).toMatchObject({ header: 'Sm-Signature', message: expect.stringContaining('missing') });
	});

	it('refuses to check without both app credentials', () => {
		const headers = { 'sm-signature': sign('sm-client-id&', raw) };
		expect(signatureErrorOf(verify(headers, { apiCredentials: { clientId: 'sm-client-id' } }))).toMatchObject({
			header: 'Sm-Signature',
			message: expect.stringContaining('Client Secret'),
		});
		expect(signatureErrorOf(verify(headers, {}))).toMatchObject({ header: 'Sm-Signature' });
	});
});

describe('SurveyMonkey source: webhook registration', () => {
	const target: RegistrationTarget = {
		webhookUrl: 'https://n8n.example.com/webhook/3f1c0c6e/survey',
		formId: SURVEY_ID,
		registered: { webhookId: '7014582' },
	};
	const registration = surveyMonkeySource.registration;
	if (!registration) throw new Error('the SurveyMonkey source must register its webhook');

	it('creates a response_completed webhook for the survey', async () => {
		const api = new FakeApi({ 'POST /v3/webhooks': webhookFixture });
		await expect(registration.create(api, { webhookUrl: target.webhookUrl, formId: ` ${SURVEY_ID} ` }, 'unused')).resolves.toEqual({
			webhookId: '7014582',
		});
		expect(api.calls).toEqual([
			{
				method: 'POST',
				url: '/v3/webhooks',
				body: {
					name: 'n8n Closed Loop Survey Trigger',
					event_type: 'response_completed',
					object_type: 'survey',
					object_ids: [SURVEY_ID],
					subscription_url: target.webhookUrl,
				},
			},
		]);
	});

	it('refuses to create a webhook without a survey, and an answer without id', async () => {
		const api = new FakeApi({ 'POST /v3/webhooks': { name: 'no id' } });
		expect(await rejectionOf(() => registration.create(api, { ...target, formId: '' }, 's'))).toMatchObject({ field: 'formId' });
		expect(api.calls).toEqual([]);
		expect(await rejectionOf(() => registration.create(api, target, 's'))).toMatchObject({ field: 'webhook.id' });
	});

	it('finds the registered webhook', async () => {
		const api = new FakeApi({ 'GET /v3/webhooks/7014582': webhookFixture });
		await expect(registration.exists(api, target)).resolves.toBe(true);
		expect(api.calls).toEqual([{ method: 'GET', url: '/v3/webhooks/7014582' }]);
	});

	it('reports a webhook SurveyMonkey no longer has (404) as missing', async () => {
		const api = new FakeApi({ 'GET /v3/webhooks/7014582': httpError('404', 'Resource not found') });
		await expect(registration.exists(api, target)).resolves.toBe(false);
	});

	it('reports nothing registered without asking SurveyMonkey', async () => {
		const api = new FakeApi({});
		await expect(registration.exists(api, { ...target, registered: undefined })).resolves.toBe(false);
		expect(api.calls).toEqual([]);
	});

	it('passes on other API failures', async () => {
		const api = new FakeApi({ 'GET /v3/webhooks/7014582': httpError('401', 'Unauthorized') });
		expect(await rejectionOf(() => registration.exists(api, target))).toMatchObject({ message: 'Unauthorized' });
	});

	it('removes a registered webhook that listens to another survey and reports it missing', async () => {
		const api = new FakeApi({ 'GET /v3/webhooks/7014582': webhookFixture, 'DELETE /v3/webhooks/7014582': {} });
		await expect(registration.exists(api, { ...target, formId: '999' })).resolves.toBe(false);
		expect(api.calls).toEqual([
			{ method: 'GET', url: '/v3/webhooks/7014582' },
			{ method: 'DELETE', url: '/v3/webhooks/7014582' },
		]);
	});

	it('deletes the webhook, and accepts that it is already gone', async () => {
		const api = new FakeApi({ 'DELETE /v3/webhooks/7014582': {} });
		await registration.remove(api, target);
		expect(api.calls).toEqual([{ method: 'DELETE', url: '/v3/webhooks/7014582' }]);
		const gone = new FakeApi({ 'DELETE /v3/webhooks/7014582': httpError('404', 'Resource not found') });
		await expect(registration.remove(gone, target)).resolves.toBeUndefined();
		const failing = new FakeApi({ 'DELETE /v3/webhooks/7014582': httpError('500', 'Server error') });
		expect(await rejectionOf(() => registration.remove(failing, target))).toMatchObject({ message: 'Server error' });
	});

	it('recognises a 404 only by the status n8n puts on API errors', () => {
		expect(isNotFound(httpError('404', 'x'))).toBe(true);
		expect(isNotFound(Object.assign(new Error('x'), { httpCode: 404 }))).toBe(true);
		expect(isNotFound(httpError('400', 'x'))).toBe(false);
		expect(isNotFound(new Error('404'))).toBe(false);
		expect(isNotFound(null)).toBe(false);
	});
});
