/**
 * Property: a score is never lost silently. For every source, deliveries carry one score in one
 * of the tool's score-bearing shapes, varied the way real payloads vary: a question type the node
 * does not know, no declared scale, a score off its scale, the number sent as text, a question
 * without wording. Through the trigger's real webhook handler in the n8n engine, each one either
 * gives a metric with that score, or a warning in `feedback.warnings` names its question. Custom
 * JSON, whose format the sender controls, may instead refuse the delivery with a 400 naming the
 * score field: loud, not silent.
 *
 * A delivery with none of the variations must give the metric itself, so that warning about
 * everything could not pass. The generator is seeded: a failure names its seed and case.
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import type { Feedback } from '../../nodes/core/feedback';
import { DELIGHTED_SURVEY_TYPES } from '../../nodes/SurveyTrigger/sources/delighted';
import { readJsonFixture } from '../support/fixtures.cjs';
import type { Random } from './deliveryFuzzing';
import { BOUNDARY, SIGNING_VALUE, formEncode, generator, hmac, json, multipartEncode } from './deliveryFuzzing';
import type { WorkflowJson } from './harness';
import { chain, refuseOutsideNetwork, runWebhook } from './harness';

const TRIGGER = 'Survey Trigger';
const PER_SOURCE = 120;
const SEED = 20261201;

const VARIATIONS = ['unknownType', 'missingScale', 'offScale', 'stringNumber', 'unlabelled'] as const;
type Variation = (typeof VARIATIONS)[number];

interface Scale {
	min: number;
	max: number;
}

interface ScoreCase {
	/** The shape and its variations, for failure messages. */
	description: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	raw: Buffer;
	headers: Record<string, string>;
	mockApi?: () => void;
	expected: { questionId: string; question: string | null; score: number };
}

interface SourceGenerator {
	source: string;
	/** `has` says which variations this delivery carries. */
	build(random: Random, has: (variation: Variation) => boolean, n: number): ScoreCase;
}

/** A whole number on the scale, or just off it when the variation asks for that. */
function scoreOn(random: Random, scale: Scale, offScale: boolean): number {
	if (!offScale) return scale.min + random.below(scale.max - scale.min + 1);
	return random.next() < 0.6 ? scale.max + 1 + random.below(5) : scale.min - 1 - random.below(3);
}

const secretCredential = { surveyWebhookSecretApi: { secret: SIGNING_VALUE } };
const manual = { registration: 'manual' };

/* ------------------------------------------------------------------------------------------ *
 * Typeform: nps, opinion_scale and rating questions (Create API field types), answered as number.
 * ------------------------------------------------------------------------------------------ */

const typeform: SourceGenerator = {
	source: 'typeform',
	build(random, has, n) {
		const shape = random.pick(['nps', 'opinion_scale', 'rating'] as const);
		let scale: Scale = { min: 0, max: 10 };
		let title = 'How likely are you to recommend us to a friend?';
		const properties: Record<string, unknown> = {};
		if (shape === 'opinion_scale') {
			const steps = random.pick([5, 7, 10, 11]);
			const startAtOne = random.next() < 0.5;
			scale = { min: startAtOne ? 1 : 0, max: (startAtOne ? 1 : 0) + steps - 1 };
			title = random.pick(['How satisfied are you with the delivery?', 'How easy was it to return your order?']);
			Object.assign(properties, { steps, start_at_one: startAtOne });
		} else if (shape === 'rating') {
			const steps = random.pick([5, 10]);
			scale = { min: 1, max: steps };
			title = 'Rate your experience with our support';
			Object.assign(properties, { steps, shape: 'star' });
		}
		if (has('missingScale')) delete properties.steps;
		const type = has('unknownType') ? random.pick(['nps_v2', 'emoji_scale', 'widget']) : shape;
		const score = scoreOn(random, scale, has('offScale'));
		const fieldId = `fld${n}x${random.below(1e6)}`;
		const ref = `ref_${fieldId}`;
		// Unlabelled: the field has no title, or the definition leaves the field out altogether.
		const fields = has('unlabelled') && random.next() < 0.5 ? [] : [{ id: fieldId, ref, type, ...(has('unlabelled') ? {} : { title }), properties }];
		const body = {
			event_id: `evt-${n}-${random.below(1e9)}`,
			event_type: 'form_response',
			form_response: {
				form_id: 'Xq7RtB2k',
				token: `tok-${n}-${random.below(1e9)}`,
				submitted_at: '2026-11-25T08:00:00Z',
				definition: { id: 'Xq7RtB2k', title: 'After your delivery', fields },
				answers: [{ type: 'number', number: has('stringNumber') ? String(score) : score, field: { id: fieldId, type, ref } }],
			},
		};
		const raw = json(body);
		return {
			description: `${shape} as ${type}`,
			parameters: manual,
			credentials: secretCredential,
			raw,
			headers: { 'content-type': 'application/json', 'typeform-signature': `sha256=${hmac('sha256', raw, 'base64')}` },
			expected: { questionId: fieldId, question: has('unlabelled') ? null : title, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * Tally: LINEAR_SCALE and RATING fields, or a number question worded as NPS; Tally sends no range.
 * ------------------------------------------------------------------------------------------ */

const TALLY_SHAPES = [
	{ type: 'LINEAR_SCALE', label: 'How likely are you to recommend us to a friend?', scale: { min: 0, max: 10 } },
	{ type: 'LINEAR_SCALE', label: 'How satisfied are you with your order?', scale: { min: 1, max: 5 } },
	{ type: 'RATING', label: 'Rate our support', scale: { min: 1, max: 5 } },
	// A number question is a score only by its wording, so it is never sent without it.
	{ type: 'INPUT_NUMBER', label: 'From 0 to 10, how likely are you to recommend us?', scale: { min: 0, max: 10 }, wordingOnly: true },
] as const;

const tally: SourceGenerator = {
	source: 'tally',
	build(random, given, n) {
		const shape = random.pick(TALLY_SHAPES);
		const has = (variation: Variation) => given(variation) && !(variation === 'unlabelled' && 'wordingOnly' in shape);
		const type = has('unknownType') ? random.pick(['NPS', 'OPINION_SCALE', 'EMOJI_RATING', 'WIDGET']) : shape.type;
		const score = scoreOn(random, shape.scale, has('offScale'));
		const key = `question_${n}x${random.below(1e6)}`;
		const body = {
			eventId: `evt-${n}-${random.below(1e9)}`,
			eventType: 'FORM_RESPONSE',
			createdAt: '2026-11-25T08:00:00.000Z',
			data: {
				responseId: `resp-${n}-${random.below(1e9)}`,
				submissionId: `sub-${n}`,
				respondentId: `who-${n}`,
				formId: 'wLLK52',
				formName: 'After your delivery',
				createdAt: '2026-11-25T08:00:00.000Z',
				fields: [{ key, label: has('unlabelled') ? null : shape.label, type, value: has('stringNumber') ? String(score) : score }],
			},
		};
		const raw = json(body);
		return {
			description: `${shape.type} "${shape.label}" as ${type}`,
			parameters: manual,
			credentials: secretCredential,
			raw,
			headers: { 'content-type': 'application/json', 'tally-signature': hmac('sha256', raw, 'base64') },
			expected: { questionId: key, question: has('unlabelled') ? null : shape.label, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * Jotform: a scale, star or NPS widget's digits under `qN_uniqueName`, its question in `pretty`.
 * ------------------------------------------------------------------------------------------ */

const JOTFORM_SHAPES = [
	{ name: 'howLikely', question: 'How likely are you to recommend us to a friend?', scale: { min: 0, max: 10 } },
	{ name: 'howSatisfied', question: 'How satisfied are you with your order?', scale: { min: 1, max: 5 } },
	{ name: 'howEasy', question: 'How easy was it to get help?', scale: { min: 1, max: 7 } },
	{ name: 'rateOur', question: 'Rate our service', scale: { min: 1, max: 5 } },
] as const;

const jotform: SourceGenerator = {
	source: 'jotform',
	build(random, has, n) {
		const shape = random.pick(JOTFORM_SHAPES);
		const score = scoreOn(random, shape.scale, has('offScale'));
		// Unlabelled: a renamed field (`input3`) that `pretty` does not list.
		const name = has('unlabelled') ? 'input3' : shape.name;
		const rawRequest = { slug: 'submit/251234567890123', [`q3_${name}`]: has('stringNumber') ? score : String(score), q4_whatIs: 'Trop lent' };
		const pretty = has('unlabelled') ? 'What is the main reason for your score?:Trop lent' : `${shape.question}:${score}, What is the main reason for your score?:Trop lent`;
		const fields = {
			formID: '251234567890123',
			submissionID: `64012345678${n}${random.below(1e6)}`,
			formTitle: 'After your delivery',
			rawRequest: JSON.stringify(rawRequest),
			pretty,
		};
		return {
			description: `${shape.name} as q3_${name}`,
			parameters: {},
			credentials: {},
			raw: Buffer.from(multipartEncode(fields)),
			headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
			expected: { questionId: 'q3', question: has('unlabelled') ? null : shape.question, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * Delighted: the survey's `score` with its `survey_type`, or an additional scale question.
 * ------------------------------------------------------------------------------------------ */

const DELIGHTED_METRIC_TYPES = Object.keys(DELIGHTED_SURVEY_TYPES).filter((type) => DELIGHTED_SURVEY_TYPES[type].measures !== null);

const delighted: SourceGenerator = {
	source: 'delighted',
	build(random, has, n) {
		const event = readJsonFixture<{ event_id: string; event_data: Record<string, unknown> }>('delighted/survey-response-created.json');
		event.event_id = `evt-${n}-${random.below(1e9)}`;
		event.event_data.id = `resp-${n}-${random.below(1e9)}`;
		const data = event.event_data;
		if (random.next() < 0.6) {
			const surveyType = random.pick(DELIGHTED_METRIC_TYPES);
			const score = scoreOn(random, DELIGHTED_SURVEY_TYPES[surveyType].scale, has('offScale'));
			data.survey_type = has('unknownType') ? random.pick(['nps_v2', 'emoji', 'pmf', 'likert7']) : surveyType;
			// No declared scale: the older format without survey_type.
			if (has('missingScale')) delete data.survey_type;
			data.score = has('stringNumber') ? String(score) : score;
			return {
				description: `score of ${surveyType} as ${String(data.survey_type)}`,
				parameters: {},
				credentials: {},
				raw: json(event),
				headers: { 'content-type': 'application/json' },
				expected: { questionId: 'score', question: null, score },
			};
		}
		const score = scoreOn(random, { min: 1, max: 5 }, has('offScale'));
		const question = 'How would you rate our support?';
		const questionId = `integer_${n}x${random.below(1e6)}`;
		data.survey_type = 'nps';
		data.score = 9;
		data.additional_answers = [
			{
				id: '7',
				value: { free_response: null, scale: has('stringNumber') ? String(score) : score, select_one: null, select_many: null },
				question: { id: questionId, type: has('unknownType') ? random.pick(['scale_v2', 'slider', 'widget']) : 'scale', text: has('unlabelled') ? null : question },
			},
		];
		return {
			description: 'additional scale question',
			parameters: {},
			credentials: {},
			raw: json(event),
			headers: { 'content-type': 'application/json' },
			expected: { questionId, question: has('unlabelled') ? null : question, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * SurveyMonkey: a rating matrix numbered 0-10 (NPS), a numbered single choice, star weights, a
 * slider; fetched through the API (survey details and response details, as documented).
 * ------------------------------------------------------------------------------------------ */

const SM_SURVEY = '405071234';
const SM_RESPONSE = '118052219061';

const surveyMonkey: SourceGenerator = {
	source: 'surveyMonkey',
	build(random, has, n) {
		const shape = random.pick(['nps', 'csat', 'stars', 'slider'] as const);
		const questionId = `7357${n}${random.below(1e4)}`;
		const choice = (id: number, text: string, weight: number) => ({ id: `${questionId}${id}`, text, position: id + 1, visible: true, weight });
		let question: Record<string, unknown>;
		let answer: Record<string, unknown>;
		let scale: Scale;
		let heading: string;
		let score: number;
		if (shape === 'slider') {
			scale = { min: 0, max: 100 };
			score = scoreOn(random, scale, has('offScale'));
			heading = 'How satisfied are you overall?';
			question = { family: 'open_ended', subtype: 'single', display_options: { display_type: 'slider' }, ...(has('missingScale') ? {} : { validation: { type: 'integer', min: 0, max: 100 } }) };
			answer = { text: String(score) };
		} else {
			const choices =
				shape === 'nps'
					? Array.from({ length: 11 }, (_, i) => choice(i, i === 0 ? '0 - Not at all likely' : i === 10 ? '10 - Extremely likely' : String(i), i))
					: shape === 'csat'
						? Array.from({ length: 5 }, (_, i) => choice(i, i === 0 ? '1 - Very dissatisfied' : i === 4 ? '5 - Very satisfied' : String(i + 1), i + 1))
						: Array.from({ length: 5 }, (_, i) => choice(i, '', i + 1));
			scale = shape === 'nps' ? { min: 0, max: 10 } : { min: 1, max: 5 };
			// A choice question has no score off its scale: the choices are the scale.
			score = scoreOn(random, scale, false);
			heading = shape === 'nps' ? 'How likely is it that you would recommend us to a friend?' : shape === 'csat' ? 'How satisfied are you with your order?' : 'Rate our delivery';
			const rows = [{ id: `${questionId}99`, text: '', position: 1, visible: true }];
			question = shape === 'csat' ? { family: 'single_choice', subtype: 'vertical', answers: { choices } } : { family: 'matrix', subtype: 'rating', answers: { rows, choices } };
			answer = shape === 'csat' ? { choice_id: `${questionId}${score - 1}` } : { choice_id: `${questionId}${shape === 'nps' ? score : score - 1}`, row_id: rows[0].id };
		}
		if (has('unknownType')) question.family = random.pick(['rating_scale', 'nps_v2', 'widget']);
		const definition = { id: questionId, position: 1, visible: true, headings: has('unlabelled') ? [] : [{ heading }], ...question };
		const survey = { id: SM_SURVEY, title: 'After your delivery', language: 'en', pages: [{ id: '1', questions: [definition] }] };
		const details = {
			id: SM_RESPONSE,
			survey_id: SM_SURVEY,
			response_status: 'completed',
			date_created: '2026-11-25T07:58:00+00:00',
			date_modified: '2026-11-25T08:00:00+00:00',
			pages: [{ id: '1', questions: [{ id: questionId, answers: [answer] }] }],
		};
		const webhook = readJsonFixture<Record<string, unknown>>('surveymonkey/webhook-response-completed.json');
		webhook.event_id = `evt-${n}-${random.below(1e9)}`;
		const raw = json(webhook);
		return {
			description: `${shape} as ${String(question.family)}`,
			parameters: { registration: 'manual' },
			credentials: { closedLoopSurveyMonkeyApi: { accessToken: 'example-access', clientId: 'example-client', clientSecret: SIGNING_VALUE } },
			raw,
			headers: { 'content-type': 'application/json', 'sm-signature': hmac('sha1', raw, 'base64', `example-client&${SIGNING_VALUE}`) },
			mockApi: () => {
				nock('https://api.surveymonkey.com')
					.get(`/v3/surveys/${SM_SURVEY}/responses/${SM_RESPONSE}/details`)
					.reply(200, details)
					.get(`/v3/surveys/${SM_SURVEY}/details`)
					.reply(200, survey);
			},
			expected: { questionId, question: has('unlabelled') ? null : heading, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * Qualtrics: an NPS question (MC/NPS), a numbered multiple choice, a slider; the response and the
 * survey definition fetched through the API.
 * ------------------------------------------------------------------------------------------ */

const QUALTRICS_SHAPES = [
	{ shape: 'nps', type: 'MC', selector: 'NPS', text: 'How likely are you to recommend us to a friend?', scale: { min: 0, max: 10 } },
	{ shape: 'csat', type: 'MC', selector: 'SAVR', text: 'How satisfied are you with your order?', scale: { min: 1, max: 5 } },
	{ shape: 'slider', type: 'Slider', selector: 'HSLIDER', text: 'Rate your experience', scale: { min: 0, max: 100 } },
] as const;

const qualtrics: SourceGenerator = {
	source: 'qualtrics',
	build(random, has, n) {
		const shape = random.pick(QUALTRICS_SHAPES);
		const score = scoreOn(random, shape.scale, has('offScale'));
		const qid = `QID${1 + random.below(40)}`;
		const key = shape.shape === 'slider' ? `${qid}_1` : qid;
		const choices =
			shape.shape === 'slider'
				? { 1: { Display: 'Overall' } }
				: Object.fromEntries(Array.from({ length: shape.scale.max - shape.scale.min + 1 }, (_, i) => [String(i + 1), { Display: String(shape.scale.min + i) }]));
		const definitionQuestion = {
			QuestionID: qid,
			DataExportTag: `Q${n}`,
			QuestionType: has('unknownType') ? random.pick(['NPSv2', 'Rating', 'Widget']) : shape.type,
			Selector: shape.selector,
			QuestionText: has('unlabelled') ? '' : shape.text,
			Choices: choices,
			...(shape.shape === 'slider' && !has('missingScale') ? { Configuration: { CSSliderMin: 0, CSSliderMax: 100, GridLines: 10 } } : {}),
		};
		// A question missing from the definition (a survey edited since) is another way to not know its type.
		const questions = has('unknownType') && random.next() < 0.4 ? {} : { [qid]: definitionQuestion };
		const value = has('stringNumber') ? String(score) : score;
		// No declared scale: the response carries the value without its label.
		const labels = has('missingScale') || shape.shape === 'slider' ? {} : { [key]: String(score) };
		const response = {
			result: {
				responseId: 'R_1pKcm3b4BQjh6zF',
				values: { recordedDate: '2026-11-25T08:00:00.000Z', userLanguage: 'EN', [key]: value },
				labels,
			},
			meta: { httpStatus: '200 - OK' },
		};
		const definition = { result: { SurveyID: 'SV_3kQ0bY7tVnXo2Wq', SurveyName: 'After your delivery', Questions: questions }, meta: {} };
		const event = readJsonFixture<Record<string, string>>('qualtrics/event-completed-response.json');
		const fields = { ...event, HMAC: hmac('sha512', event.MSG, 'hex') };
		return {
			description: `${shape.shape} as ${definitionQuestion.QuestionType}${questions[qid] ? '' : ' (not in the definition)'}`,
			parameters: manual,
			credentials: { ...secretCredential, closedLoopQualtricsApi: { baseUrl: 'https://iad1.qualtrics.com', apiToken: 'example-api-token' } },
			raw: Buffer.from(formEncode(fields)),
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			mockApi: () => {
				nock('https://iad1.qualtrics.com')
					.get(/\/API\/v3\/surveys\/SV_3kQ0bY7tVnXo2Wq\/responses\/R_1pKcm3b4BQjh6zF/)
					.reply(200, response)
					.get(/\/API\/v3\/survey-definitions\/SV_3kQ0bY7tVnXo2Wq/)
					.reply(200, definition);
			},
			// A slider's only choice names its row: "Rate your experience - Overall".
			expected: { questionId: key, question: shape.shape === 'slider' ? (has('unlabelled') ? 'Overall' : `${shape.text} - Overall`) : has('unlabelled') ? null : shape.text, score },
		};
	},
};

/* ------------------------------------------------------------------------------------------ *
 * Custom JSON: the score at the mapped path, for each metric type the user can choose.
 * ------------------------------------------------------------------------------------------ */

const CUSTOM_METRICS = [
	{ metricType: 'nps', scale: { min: 0, max: 10 } },
	{ metricType: 'csat', scale: { min: 1, max: 5 } },
	{ metricType: 'ces', scale: { min: 1, max: 7 } },
	{ metricType: 'rating', scale: { min: 1, max: 5 } },
] as const;

const customJson: SourceGenerator = {
	source: 'customJson',
	build(random, has, n) {
		const metric = random.pick(CUSTOM_METRICS);
		const score = scoreOn(random, metric.scale, has('offScale'));
		// Unlabelled here means the sender put the score under its own name, not at the score path.
		const path = has('unlabelled') ? random.pick(['nps', 'satisfactionScore', 'rating']) : 'score';
		const raw = json({ responseId: `r-${n}-${random.below(1e9)}`, comment: 'Trop lent', [path]: has('stringNumber') ? String(score) : score });
		return {
			description: `${metric.metricType} at "${path}"`,
			parameters: { authentication: 'hmac', metricType: metric.metricType, settings: { deduplicate: false, requireScore: !has('unlabelled') } },
			credentials: secretCredential,
			raw,
			headers: { 'content-type': 'application/json', 'x-signature': hmac('sha256', raw, 'hex') },
			expected: { questionId: path, question: null, score },
		};
	},
};

const GENERATORS: SourceGenerator[] = [typeform, tally, jotform, delighted, surveyMonkey, qualtrics, customJson];

/* ------------------------------------------------------------------------------------------ *
 * The property.
 * ------------------------------------------------------------------------------------------ */

function triggerWorkflow(source: string, scoreCase: ScoreCase): WorkflowJson {
	const workflow = chain({
		name: TRIGGER,
		type: 'surveyTrigger',
		webhookId: '3c6f0a2e-1b4d-4f7a-9c2e-8d5b7a1f0e93',
		parameters: { path: 'score-property', source, settings: { deduplicate: false }, ...scoreCase.parameters },
		credentials: Object.fromEntries(Object.keys(scoreCase.credentials).map((type) => [type, { id: `cred-${type}`, name: type }])),
	});
	return { ...workflow, id: `score-property-${source}`, staticData: {} };
}

/** Whether a warning names the question: by its id as the builder writes it, or by its wording. */
function namesQuestion(warning: string, expected: ScoreCase['expected']): boolean {
	const { questionId, question } = expected;
	return (
		warning.includes(`(${questionId})`) ||
		warning.includes(`question ${questionId} `) ||
		warning.includes(`"${questionId}"`) ||
		(question !== null && warning.includes(`"${question}"`))
	);
}

beforeAll(() => refuseOutsideNetwork());
afterEach(() => nock.cleanAll());

describe('no score is lost silently, whatever shape it arrives in', () => {
	it.each(GENERATORS.map((entry, index) => [entry.source, index]))(
		`%s: ${PER_SOURCE} deliveries with a score give its metric or a warning naming it`,
		async (_source, index) => {
			const { source, build } = GENERATORS[index as number];
			const seed = SEED + (index as number);
			const random = generator(seed);
			const outcomes = { metric: 0, warning: 0, refused: 0, canonical: 0 };
			for (let n = 0; n < PER_SOURCE; n++) {
				// About a third of the deliveries carry no variation at all.
				const variations = random.next() < 0.3 ? [] : VARIATIONS.filter(() => random.next() < 0.35);
				const scoreCase = build(random, (variation) => variations.includes(variation), n);
				scoreCase.mockApi?.();
				const result = await runWebhook(triggerWorkflow(source, scoreCase), {
					credentials: scoreCase.credentials,
					request: { rawBody: scoreCase.raw, headers: scoreCase.headers },
				});
				nock.cleanAll();
				const where = `${source} #${n} (seed ${seed}): ${scoreCase.description} [${variations.join(', ') || 'no variation'}], score ${scoreCase.expected.score}`;
				const body = result.http?.body as { field?: string } | undefined;
				if (source === 'customJson' && result.http?.status === 400 && body?.field === scoreCase.expected.questionId) {
					outcomes.refused++;
					continue;
				}
				if (!result.started) throw new Error(`${where}: not started, HTTP ${result.http?.status} ${JSON.stringify(result.http?.body)}`);
				const feedback = result.json(TRIGGER)[0]?.feedback as unknown as Feedback;
				const metric = feedback.metrics.some(
					(candidate) => candidate.questionId === scoreCase.expected.questionId && candidate.score === scoreCase.expected.score,
				);
				const warned = feedback.warnings.some((warning) => namesQuestion(warning, scoreCase.expected));
				if (!metric && !warned) {
					throw new Error(`${where}: silently dropped.\nmetrics: ${JSON.stringify(feedback.metrics)}\nwarnings: ${JSON.stringify(feedback.warnings)}\nanswers: ${JSON.stringify(feedback.answers)}`);
				}
				if (variations.length === 0) {
					outcomes.canonical++;
					if (!metric) throw new Error(`${where}: a plain score gave no metric.\nwarnings: ${JSON.stringify(feedback.warnings)}`);
				}
				outcomes[metric ? 'metric' : 'warning']++;
			}
			// Both outcomes must occur, or the generator is not exercising the property.
			expect(outcomes.metric).toBeGreaterThan(PER_SOURCE * 0.2);
			expect(outcomes.warning + outcomes.refused).toBeGreaterThan(PER_SOURCE * 0.05);
			expect(outcomes.canonical).toBeGreaterThan(PER_SOURCE * 0.1);
		},
		120_000,
	);
});
