import { createHmac } from 'crypto';

import type { SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { qualtricsSource } from '../../../nodes/SurveyTrigger/sources/qualtrics';
import type { RegistrationTarget, SigningSecrets, SourceEvent } from '../../../nodes/SurveyTrigger/sources/types';
import eventFixture from '../../fixtures/qualtrics/event-completed-response.json';
import responseFixture from '../../fixtures/qualtrics/response.json';
import subscriptionFixture from '../../fixtures/qualtrics/subscription.json';
import definitionFixture from '../../fixtures/qualtrics/survey-definition.json';
import type { Json } from './support';
import { FakeApi, answerById, clone, context, feedbackErrorOf, fetchedBy, formDelivery, httpError, rejectionOf, signatureErrorOf } from './support';
import { isNotFound } from '../../../nodes/shared/apiClient';

const SURVEY_ID = 'SV_3kQ0bY7tVnXo2Wq';
const RESPONSE_ID = 'R_1pKcm3b4BQjh6zF';
const RESPONSE_PATH = `/API/v3/surveys/${SURVEY_ID}/responses/${RESPONSE_ID}`;
const DEFINITION_PATH = `/API/v3/survey-definitions/${SURVEY_ID}`;
/** The shared key the fixture's HMAC was made with (see test/fixtures/README.md). */
const FIXTURE_KEY = 'closed-loop-test-shared-key';

function read(fields: unknown): SourceEvent {
	return qualtricsSource.read(formDelivery(fields), undefined, context);
}

const message = (changes: Json = {}) => JSON.stringify({ ...(JSON.parse(eventFixture.MSG) as Json), ...changes });

async function fetched(
	routes: Record<string, unknown> = { [`GET ${RESPONSE_PATH}`]: responseFixture, [`GET ${DEFINITION_PATH}`]: definitionFixture },
): Promise<{ response: SurveyResponse; api: FakeApi }> {
	return fetchedBy(read(eventFixture), routes);
}

function withValues(change: (values: Json) => void): Json {
	const response = clone(responseFixture) as { result: { values: Json } };
	change(response.result.values);
	return response;
}

describe('Qualtrics source: reading the event', () => {
	it('asks to fetch the completed response, deduplicated by topic and response id', () => {
		expect(read(eventFixture)).toMatchObject({
			kind: 'fetch',
			dedupKey: `surveyengine.completedResponse.${SURVEY_ID}:${RESPONSE_ID}`,
			description: `Qualtrics response ${RESPONSE_ID} of survey ${SURVEY_ID}`,
		});
	});

	it('gives the same key with or without the brand prefix on the topic', () => {
		const plain = read({ ...eventFixture, Topic: `surveyengine.completedResponse.${SURVEY_ID}` });
		const branded = read(eventFixture);
		expect(plain.kind === 'fetch' && branded.kind === 'fetch' && plain.dedupKey === branded.dedupKey).toBe(true);
	});

	it.each([
		`surveyengine.partialResponse.${SURVEY_ID}`,
		'maisonlumiere.controlpanel.activateSurvey',
		`threesixty.created`,
		`xsurveyengine.completedResponse.${SURVEY_ID}`,
	])('acknowledges and ignores the topic %s', (topic) => {
		const event = read({ ...eventFixture, Topic: topic });
		expect(event.kind).toBe('ignored');
		expect(event.kind === 'ignored' && event.reason).toContain(topic);
	});

	it.each<[string, unknown, string]>([
		['null', null, 'body'],
		['text', 'Topic=x&MSG=y', 'body'],
		['a list', [eventFixture], 'body'],
		['no Topic', { MSG: eventFixture.MSG }, 'Topic'],
		['a blank Topic', { ...eventFixture, Topic: '  ' }, 'Topic'],
		['no MSG', { Topic: eventFixture.Topic }, 'MSG'],
		['an MSG that is not JSON', { ...eventFixture, MSG: '{"SurveyID":' }, 'MSG'],
		['an MSG that is a JSON list', { ...eventFixture, MSG: '[1,2]' }, 'MSG'],
		['an MSG without ResponseID', { ...eventFixture, MSG: message({ ResponseID: undefined }) }, 'MSG.ResponseID'],
		['a numeric ResponseID', { ...eventFixture, MSG: message({ ResponseID: 42 }) }, 'MSG.ResponseID'],
		['an MSG for another survey than the topic', { ...eventFixture, MSG: message({ SurveyID: 'SV_other' }) }, 'MSG.SurveyID'],
	])('refuses a body with %s, naming the field', (_, fields, field) => {
		expect(feedbackErrorOf(() => read(fields))).toMatchObject({ field });
	});
});

describe('Qualtrics source: fetching the response', () => {
	it('reads the response, then the survey definition', async () => {
		const { api } = await fetched();
		expect(api.calls).toEqual([
			{ method: 'GET', url: RESPONSE_PATH },
			{ method: 'GET', url: DEFINITION_PATH },
		]);
	});

	it('maps the answers with the question wording, keeps embedded data as hidden fields', async () => {
		const { response } = await fetched();
		expect(answerById(response.answers, 'QID1')).toEqual({
			questionId: 'QID1',
			ref: 'nps_delivery',
			question: 'How likely are you to recommend Maison Lumière to a friend or colleague?',
			type: 'MC/NPS',
			value: 3,
			measures: 'nps',
			scale: { min: 0, max: 10 },
			format: 'number',
		});
		expect(answerById(response.answers, 'QID2')).toMatchObject({
			question: 'What is the main reason for your score?',
			value: "Livraison en retard de trois jours, personne ne m'a prévenue.",
			format: 'longText',
		});
		expect(answerById(response.answers, 'QID3')).toMatchObject({ value: 'Pick-up point', format: 'choice' });
		expect(answerById(response.answers, 'QID4')).toMatchObject({ value: 'claire.m@example.org', format: 'email' });
		expect(response.answers.map((answer) => answer.questionId)).toEqual(['QID1', 'QID2', 'QID3', 'QID4']);
		expect(response).toMatchObject({
			source: 'qualtrics',
			responseId: RESPONSE_ID,
			surveyId: SURVEY_ID,
			submittedAt: '2026-11-24T16:05:29.994Z',
			locale: 'fr',
			channel: 'email',
			respondent: { email: 'Claire.Martin@Example.fr', name: 'Claire Martin' },
			hidden: { customer_id: 'C-981', email: 'claire.martin@example.fr', order_id: 'O-7781' },
		});
		expect(Object.keys(response.hidden ?? {}).sort()).toEqual(['customer_id', 'email', 'order_id']);
	});

	it('gives the canonical feedback: NPS, comment, email, customer id', async () => {
		const { response } = await fetched();
		const feedback = buildFeedback(response, {}, context);
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'QID1' }]);
		expect(feedback.comment).toBe("Livraison en retard de trois jours, personne ne m'a prévenue.");
		expect(feedback.respondent).toMatchObject({ email: 'claire.martin@example.fr', customerId: 'C-981', name: 'Claire Martin' });
		expect(feedback).toMatchObject({
			id: `qualtrics:${RESPONSE_ID}`,
			source: 'qualtrics',
			surveyId: SURVEY_ID,
			channel: 'email',
			locale: 'fr',
			submittedAt: '2026-11-24T16:05:29.994Z',
			warnings: [],
		});
	});

	it('lets the user name the NPS question by its export tag', async () => {
		const { response } = await fetched();
		const feedback = buildFeedback(response, { questions: { nps: 'nps_delivery' } }, context);
		expect(feedback.metrics.map((metric) => [metric.type, metric.score, metric.questionId])).toEqual([['nps', 3, 'QID1']]);
	});

	it('falls back on the embedded email, then on the email question', async () => {
		const noRecipient = withValues((values) => delete values.recipientEmail);
		const first = await fetched({ [`GET ${RESPONSE_PATH}`]: noRecipient, [`GET ${DEFINITION_PATH}`]: definitionFixture });
		expect(buildFeedback(first.response, {}, context).respondent.email).toBe('claire.martin@example.fr');

		const onlyQuestion = withValues((values) => {
			delete values.recipientEmail;
			delete values.email;
		});
		const second = await fetched({ [`GET ${RESPONSE_PATH}`]: onlyQuestion, [`GET ${DEFINITION_PATH}`]: definitionFixture });
		expect(buildFeedback(second.response, {}, context).respondent.email).toBe('claire.m@example.org');
	});

	it('keeps the contact reference, the text typed next to a choice and matrix rows', async () => {
		const definition = clone(definitionFixture) as { result: { Questions: Json } };
		definition.result.Questions.QID5 = {
			QuestionText: 'How satisfied are you with…',
			DataExportTag: 'csat',
			QuestionType: 'Matrix',
			Selector: 'Likert',
			SubSelector: 'SingleAnswer',
			Choices: { '1': { Display: 'the delivery' }, '2': { Display: 'the packaging' } },
			Answers: { '1': { Display: '1' }, '2': { Display: '2' }, '3': { Display: '3' }, '4': { Display: '4' }, '5': { Display: '5' } },
		};
		(definition.result.Questions.QID3 as Json).Choices = {
			'1': { Display: 'Home delivery' },
			'2': { Display: 'Pick-up point' },
			'3': { Display: 'Other', TextEntry: 'true' },
		};
		const response = withValues((values) => {
			values.externalDataReference = 'CRM-5521';
			values.QID3 = 3;
			values.QID3_3_TEXT = 'Left with a neighbour';
			values.QID5_1 = 2;
			values.QID5_2 = 5;
			values.QID5_DO = ['1', '2'];
		});
		(response.result as { labels: Json }).labels.QID3 = 'Other';
		Object.assign((response.result as { labels: Json }).labels, { QID5_1: '2', QID5_2: '5' });
		const { response: mapped } = await fetched({ [`GET ${RESPONSE_PATH}`]: response, [`GET ${DEFINITION_PATH}`]: definition });
		expect(mapped.hidden).toMatchObject({ externalDataReference: 'CRM-5521' });
		expect(answerById(mapped.answers, 'QID3_3_TEXT')).toMatchObject({
			ref: 'Q3_3_TEXT',
			question: 'How did you receive your order? - Other',
			value: 'Left with a neighbour',
		});
		expect(answerById(mapped.answers, 'QID5_1')).toMatchObject({
			ref: 'csat_1',
			question: 'How satisfied are you with… - the delivery',
			value: 2,
			scale: { min: 1, max: 5 },
		});
		expect(answerById(mapped.answers, 'QID5_DO')).toBeUndefined();
		const metrics = buildFeedback(mapped, {}, context).metrics;
		expect(metrics.map((metric) => [metric.type, metric.score, metric.scaleMax, metric.questionId])).toEqual([
			['nps', 3, 10, 'QID1'],
			['csat', 2, 5, 'QID5_1'],
		]);
	});

	it.each<[string, () => [unknown, unknown], string]>([
		['a response without result', () => [{ meta: {} }, definitionFixture], 'response.result'],
		['a response whose values are a list', () => [{ result: { responseId: RESPONSE_ID, values: [] } }, definitionFixture], 'response.result.values'],
		['a definition without questions', () => [responseFixture, { result: { SurveyID: SURVEY_ID } }], 'survey.result.Questions'],
		[
			'a question without type',
			() => {
				const definition = clone(definitionFixture) as { result: { Questions: Record<string, Json> } };
				delete definition.result.Questions.QID1.QuestionType;
				return [responseFixture, definition];
			},
			'survey.result.Questions.QID1.QuestionType',
		],
		['an answer that is not an object', () => ['<html>', definitionFixture], 'response'],
	])('refuses %s from the API, naming the field', async (_, answers, field) => {
		const [response, definition] = answers();
		const failure = await rejectionOf(() => fetched({ [`GET ${RESPONSE_PATH}`]: response, [`GET ${DEFINITION_PATH}`]: definition }));
		// The tool's API answered this, not the sender: an ApiAnswerError (502), never a FeedbackError (400).
		expect(failure).toMatchObject({ name: 'ApiAnswerError', field, retryable: false });
	});

	it('asks for a retry when the announced response is not in the API yet (404)', async () => {
		const failure = await rejectionOf(() =>
			fetched({ [`GET ${RESPONSE_PATH}`]: httpError('404', 'Not Found'), [`GET ${DEFINITION_PATH}`]: definitionFixture }),
		);
		expect(failure).toMatchObject({ name: 'ApiAnswerError', field: 'response', retryable: true });
	});
});

describe('Qualtrics source: HMAC', () => {
	const sign = (key: string, data: string) => createHmac('sha512', key).update(data, 'utf8').digest('hex');
	const verify = (fields: Json, secrets: SigningSecrets = { secret: FIXTURE_KEY }) => () =>
		qualtricsSource.verifySignature?.(formDelivery(fields), secrets);

	it('accepts the hex HMAC-SHA512 of MSG keyed with the shared key (the fixture was signed that way)', () => {
		expect(eventFixture.HMAC).toBe(sign(FIXTURE_KEY, eventFixture.MSG));
		expect(verify(eventFixture)).not.toThrow();
		expect(verify({ ...eventFixture, HMAC: eventFixture.HMAC.toUpperCase() })).not.toThrow();
	});

	it('matches a signature made by Qualtrics for another integration', () => {
		// Test vector from kyma-incubator/connector-tools, qualtrics-event-gw/pkg/hmac/hmac_test.go.
		const msg =
			'{"Status":"Complete","SurveyID":"SV_1AmkKSDmoZ4XlQx","ResponseID":"R_0B7IcnXszjEUHLP","CompletedDate":"2019-06-25 07:58:25","BrandID":"sapdevelopment"}';
		const hmac =
			'c2c585a404c239aa3063b462cc33551d3ed3ed2de0899f58d456fc0ef7ebef6f3c3af44957989bd0592603e41edde9528f7d9ed09ee128bf719aa12f46e5c598';
		const fields = { Topic: 'sapdevelopment.surveyengine.completedResponse.SV_1AmkKSDmoZ4XlQx', MSG: msg, HMAC: hmac };
		expect(verify(fields, { secret: 'kyma4ever' })).not.toThrow();
		expect(signatureErrorOf(verify(fields, { secret: 'kyma4everx' }))).toMatchObject({ header: 'HMAC' });
	});

	it('refuses a signature made with another key', () => {
		const fields = { ...eventFixture, HMAC: sign('another-key', eventFixture.MSG) };
		expect(signatureErrorOf(verify(fields))).toMatchObject({ header: 'HMAC', message: expect.stringContaining('does not match') });
	});

	it('refuses an MSG changed after signing', () => {
		const fields = { ...eventFixture, MSG: eventFixture.MSG.replace(RESPONSE_ID, 'R_forged000000000') };
		expect(signatureErrorOf(verify(fields))).toMatchObject({ header: 'HMAC' });
	});

	it('refuses an unsigned event, and any event when no shared key is set up', () => {
		expect(signatureErrorOf(verify({ Topic: eventFixture.Topic, MSG: eventFixture.MSG }))).toMatchObject({
			header: 'HMAC',
			message: expect.stringContaining('missing'),
		});
		expect(signatureErrorOf(verify(eventFixture, {}))).toMatchObject({ header: 'HMAC', message: expect.stringContaining('No signing secret') });
		expect(signatureErrorOf(() => qualtricsSource.verifySignature?.(formDelivery('HMAC=abc'), { secret: FIXTURE_KEY }))).toMatchObject({
			header: 'HMAC',
		});
	});
});

describe('Qualtrics source: event subscription', () => {
	const target: RegistrationTarget = {
		webhookUrl: 'https://n8n.example.com/webhook/3f1c0c6e/survey',
		formId: SURVEY_ID,
		registered: { webhookId: 'SUB_0U5lM8fWsPmvRst' },
	};
	const subscriptionPath = '/API/v3/eventsubscriptions/SUB_0U5lM8fWsPmvRst';
	const registration = qualtricsSource.registration;
	if (!registration) throw new Error('the Qualtrics source must register its event subscription');

	it('subscribes to the survey’s completed responses with the shared key, unencrypted', async () => {
		const api = new FakeApi({ 'POST /API/v3/eventsubscriptions': { result: { id: 'SUB_0U5lM8fWsPmvRst' }, meta: { httpStatus: '200 - OK' } } });
		await expect(registration.create(api, { webhookUrl: target.webhookUrl, formId: SURVEY_ID }, 'generated-secret')).resolves.toEqual({
			webhookId: 'SUB_0U5lM8fWsPmvRst',
		});
		expect(api.calls).toEqual([
			{
				method: 'POST',
				url: '/API/v3/eventsubscriptions',
				body: {
					topics: `surveyengine.completedResponse.${SURVEY_ID}`,
					publicationUrl: target.webhookUrl,
					encrypt: false,
					sharedKey: 'generated-secret',
				},
			},
		]);
	});

	it('refuses to subscribe without a survey, and an answer without id', async () => {
		const api = new FakeApi({ 'POST /API/v3/eventsubscriptions': { meta: { httpStatus: '200 - OK' } } });
		expect(await rejectionOf(() => registration.create(api, { ...target, formId: ' ' }, 's'))).toMatchObject({ field: 'formId' });
		expect(api.calls).toEqual([]);
		expect(await rejectionOf(() => registration.create(api, target, 's'))).toMatchObject({ field: 'subscription.result' });
	});

	it('finds the registered subscription', async () => {
		const api = new FakeApi({ [`GET ${subscriptionPath}`]: subscriptionFixture });
		await expect(registration.exists(api, target)).resolves.toBe(true);
		expect(api.calls).toEqual([{ method: 'GET', url: subscriptionPath }]);
	});

	it('reports a subscription Qualtrics no longer has (404) as missing, and nothing registered without asking', async () => {
		const api = new FakeApi({ [`GET ${subscriptionPath}`]: httpError('404', 'Not Found') });
		await expect(registration.exists(api, target)).resolves.toBe(false);
		const idle = new FakeApi({});
		await expect(registration.exists(idle, { ...target, registered: {} })).resolves.toBe(false);
		expect(idle.calls).toEqual([]);
	});

	it('passes on other API failures', async () => {
		const api = new FakeApi({ [`GET ${subscriptionPath}`]: httpError('403', 'Forbidden') });
		expect(await rejectionOf(() => registration.exists(api, target))).toMatchObject({ message: 'Forbidden' });
	});

	it('removes a registered subscription that points elsewhere and reports it missing', async () => {
		const api = new FakeApi({ [`GET ${subscriptionPath}`]: subscriptionFixture, [`DELETE ${subscriptionPath}`]: { meta: {} } });
		await expect(registration.exists(api, { ...target, webhookUrl: 'https://n8n.example.com/webhook/other/survey' })).resolves.toBe(false);
		expect(api.calls).toEqual([
			{ method: 'GET', url: subscriptionPath },
			{ method: 'DELETE', url: subscriptionPath },
		]);
	});

	it('deletes the subscription, and accepts that it is already gone', async () => {
		const api = new FakeApi({ [`DELETE ${subscriptionPath}`]: { meta: { httpStatus: '200 - OK' } } });
		await registration.remove(api, target);
		expect(api.calls).toEqual([{ method: 'DELETE', url: subscriptionPath }]);
		await expect(registration.remove(new FakeApi({ [`DELETE ${subscriptionPath}`]: httpError('404', 'Not Found') }), target)).resolves.toBeUndefined();
		const failing = new FakeApi({ [`DELETE ${subscriptionPath}`]: httpError('500', 'Server error') });
		expect(await rejectionOf(() => registration.remove(failing, target))).toMatchObject({ message: 'Server error' });
	});

	it('recognises a 404 only by the status n8n puts on API errors', () => {
		expect(isNotFound(httpError('404', 'x'))).toBe(true);
		expect(isNotFound(httpError('500', 'x'))).toBe(false);
		expect(isNotFound({})).toBe(false);
	});
});
