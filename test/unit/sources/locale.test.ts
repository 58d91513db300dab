/**
 * `feedback.locale` from each tool's own language field, when its payload has one, so that Score
 * & Classify can take it as the prior for the comment's language. Only documented fields:
 * - Qualtrics: `values.userLanguage` of Get Response (the language the respondent took the survey
 *   in), and the `Q_Language` embedded-data field a survey link or flow sets it with;
 * - SurveyMonkey: the survey's `language` (ISO 639-1) from /surveys/{id}/details;
 * - Delighted: the `locale` special property of the person (web snippet and People API);
 * - Typeform, Tally, Jotform: no language field in the webhook, so the hidden field (URL
 *   parameter) the survey link carries, named `locale`, `language` or `lang`.
 * Codes are written as BCP 47 tags: `PT-BR` and `fr_FR` become `pt-BR` and `fr-FR`.
 */
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { delightedSource } from '../../../nodes/SurveyTrigger/sources/delighted';
import { jotformSource } from '../../../nodes/SurveyTrigger/sources/jotform';
import { qualtricsSource } from '../../../nodes/SurveyTrigger/sources/qualtrics';
import { surveyMonkeySource } from '../../../nodes/SurveyTrigger/sources/surveyMonkey';
import { tallySource } from '../../../nodes/SurveyTrigger/sources/tally';
import { typeformSource } from '../../../nodes/SurveyTrigger/sources/typeform';
import delightedCreated from '../../fixtures/delighted/survey-response-created.json';
import jotformSubmission from '../../fixtures/jotform/nps-submission.json';
import qualtricsEvent from '../../fixtures/qualtrics/event-completed-response.json';
import qualtricsResponse from '../../fixtures/qualtrics/response.json';
import qualtricsDefinition from '../../fixtures/qualtrics/survey-definition.json';
import surveyMonkeyDetails from '../../fixtures/surveymonkey/response-details.json';
import surveyMonkeySurvey from '../../fixtures/surveymonkey/survey-details.json';
import surveyMonkeyWebhook from '../../fixtures/surveymonkey/webhook-response-completed.json';
import tallyResponse from '../../fixtures/tally/nps-response.json';
import typeformResponse from '../../fixtures/typeform/nps-response.json';
import type { Json } from './support';
import { clone, context, expectResponse, fetchedBy, formDelivery, jsonDelivery } from './support';

const feedbackOf = (response: Parameters<typeof buildFeedback>[0]) => buildFeedback(response, {}, context);

describe('Qualtrics: userLanguage, then Q_Language', () => {
	const fetch = async (change: (values: Json) => void) => {
		const response = clone(qualtricsResponse) as { result: { values: Json } };
		change(response.result.values);
		const event = qualtricsSource.read(formDelivery(qualtricsEvent), undefined, context);
		const routes = {
			'GET /API/v3/surveys/SV_3kQ0bY7tVnXo2Wq/responses/R_1pKcm3b4BQjh6zF': response,
			'GET /API/v3/survey-definitions/SV_3kQ0bY7tVnXo2Wq': qualtricsDefinition,
		};
		return feedbackOf((await fetchedBy(event, routes)).response);
	};

	it.each([
		['FR', 'fr'],
		['PT-BR', 'pt-BR'],
		['ZH-S', 'zh-S'],
	])('reads userLanguage %s as %s', async (code, locale) => {
		expect((await fetch((values) => (values.userLanguage = code))).locale).toBe(locale);
	});

	it('falls back on the Q_Language embedded data field', async () => {
		const feedback = await fetch((values) => {
			delete values.userLanguage;
			values.Q_Language = 'ES';
		});
		expect(feedback.locale).toBe('es');
		expect(feedback.hidden).not.toHaveProperty('Q_Language');
	});

	it('has no locale when neither is there', async () => {
		expect((await fetch((values) => delete values.userLanguage)).locale).toBeNull();
	});
});

describe('SurveyMonkey: the survey language', () => {
	it.each([['fr'], ['de']])('reads language %s', async (language) => {
		const survey = { ...clone(surveyMonkeySurvey), language };
		const event = surveyMonkeySource.read(jsonDelivery(surveyMonkeyWebhook), undefined, context);
		const { response } = await fetchedBy(event, {
			'GET /v3/surveys/405071234/responses/118052219061/details': surveyMonkeyDetails,
			'GET /v3/surveys/405071234/details': survey,
		});
		expect(feedbackOf(response).locale).toBe(language);
	});
});

describe('Delighted: the person’s locale property', () => {
	it.each([
		[{ locale: 'fr-CA' }, 'fr-CA'],
		[{ Locale: 'de' }, 'de'],
		[{ locale: 'pt_BR' }, 'pt-BR'],
	])('reads person_properties %p as %s', (properties, locale) => {
		const body = clone(delightedCreated) as { event_data: Json };
		body.event_data.person_properties = { 'Delighted Source': 'Email', ...properties };
		expect(feedbackOf(expectResponse(delightedSource.read(jsonDelivery(body), undefined, context)).response).locale).toBe(locale);
	});
});

describe('Typeform, Tally and Jotform: the hidden field the survey link carries', () => {
	it.each([
		[{ lang: 'de' }, 'de'],
		[{ language: 'fr_FR' }, 'fr-FR'],
		[{ locale: 'EN-gb' }, 'en-GB'],
	])('Typeform hidden %p gives %s', (hidden, locale) => {
		const body = clone(typeformResponse) as { form_response: { hidden: Json } };
		body.form_response.hidden = { ...body.form_response.hidden, ...hidden };
		expect(feedbackOf(expectResponse(typeformSource.read(jsonDelivery(body), undefined, context)).response).locale).toBe(locale);
	});

	it('Tally: a hidden field named lang', () => {
		const body = clone(tallyResponse) as { data: { fields: Json[] } };
		body.data.fields.push({ key: 'question_lang_0', label: 'lang', type: 'HIDDEN_FIELDS', value: 'fr' });
		expect(feedbackOf(expectResponse(tallySource.read(jsonDelivery(body), undefined, context)).response).locale).toBe('fr');
	});

	it.each([
		['a URL parameter', { language: 'fr' }],
		['a Hidden Box field', { q12_lang: 'fr' }],
	])('Jotform: %s named language or lang', (_case, extra) => {
		const raw = { ...(JSON.parse(jotformSubmission.rawRequest) as Json), ...extra };
		const body = { ...jotformSubmission, rawRequest: JSON.stringify(raw) };
		const response = expectResponse(jotformSource.read(formDelivery(body, 'multipart/form-data'), undefined, context)).response;
		expect(feedbackOf(response).locale).toBe('fr');
	});
});
