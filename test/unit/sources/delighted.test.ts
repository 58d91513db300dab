import type { ResponseMapping, SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { delightedSource, revisionOf } from '../../../nodes/SurveyTrigger/sources/delighted';
import type { SourceEvent } from '../../../nodes/SurveyTrigger/sources/types';
import createdFixture from '../../fixtures/delighted/survey-response-created.json';
import unsubscribeFixture from '../../fixtures/delighted/unsubscribe-created.json';
import updatedFixture from '../../fixtures/delighted/survey-response-updated.json';
import { RECEIVED_AT, clone, context, expectResponse, feedbackErrorOf, jsonDelivery } from './support';

function read(body: unknown): SourceEvent {
	return delightedSource.read(jsonDelivery(body), undefined, context);
}

function responseOf(body: unknown): { dedupKey: string | null; response: SurveyResponse } {
	return expectResponse(read(body));
}

function feedbackOf(body: unknown, mapping: ResponseMapping = {}) {
	return buildFeedback(responseOf(body).response, mapping, { receivedAt: RECEIVED_AT });
}

/** The created fixture with another survey type and score. */
function withScore(surveyType: string, score: unknown) {
	const body = clone(createdFixture) as { event_data: Record<string, unknown> };
	body.event_data.survey_type = surveyType;
	body.event_data.score = score;
	return body;
}

describe('Delighted survey_response.created', () => {
	it('maps the score, the person and the person properties into the canonical feedback', () => {
		const { dedupKey } = responseOf(createdFixture);
		expect(dedupKey).toBe(createdFixture.event_id);

		const feedback = feedbackOf(createdFixture);
		expect(feedback).toMatchObject({
			id: 'delighted:81723',
			revision: 1,
			event: 'response',
			source: 'delighted',
			sourceEventId: createdFixture.event_id,
			submittedAt: '2025-11-24T17:05:00.000Z',
			locale: 'fr',
			respondent: {
				id: '40981',
				customerId: 'C-981',
				email: 'claire.martin@example.fr',
				phone: '+33612345678',
				name: 'Claire Martin',
				segment: 'VIP',
			},
			consent: { contact: null },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'score' }],
			comment: null,
			warnings: [],
		});
		expect(feedback.hidden).toEqual(createdFixture.event_data.person_properties);
	});

	it('reads the person when the payload gives only its id, as Delighted\'s REST API does', () => {
		const body = clone(createdFixture) as { event_data: Record<string, unknown> };
		body.event_data.person = 40981;
		const { response } = responseOf(body);
		expect(response.respondent).toEqual({ id: '40981' });
		expect(buildFeedback(response, {}, { receivedAt: RECEIVED_AT }).respondent.id).toBe('40981');
	});

	it('derives a dedup key from the event type, the response id and its time when there is no event_id', () => {
		const body = clone(createdFixture) as Record<string, unknown>;
		delete body.event_id;
		expect(responseOf(body).dedupKey).toBe('survey_response.created:81723:1764003900');
		const later = clone(updatedFixture) as Record<string, unknown>;
		delete later.event_id;
		expect(responseOf(later).dedupKey).toBe('survey_response.updated:81723:1764004320');
	});
});

describe('Delighted survey types', () => {
	it.each([
		['nps', 9, { type: 'nps', score: 9, scaleMin: 0, scaleMax: 10 }],
		['enps', 6, { type: 'nps', score: 6, scaleMin: 0, scaleMax: 10 }],
		['csat', 4, { type: 'csat', score: 4, scaleMin: 1, scaleMax: 5 }],
		['csat3', 1, { type: 'csat', score: 1, scaleMin: 1, scaleMax: 3 }],
		['smileys', 2, { type: 'csat', score: 2, scaleMin: 1, scaleMax: 5 }],
		['thumbs', 0, { type: 'csat', score: 0, scaleMin: 0, scaleMax: 1 }],
		['ces', 2, { type: 'ces', score: 2, scaleMin: 1, scaleMax: 5 }],
		['ces7', 6, { type: 'ces', score: 6, scaleMin: 1, scaleMax: 7 }],
		['stars_five', 5, { type: 'rating', score: 5, scaleMin: 1, scaleMax: 5 }],
	])('%s %p becomes %p', (surveyType, score, metric) => {
		const feedback = feedbackOf(withScore(surveyType, score));
		expect(feedback.metrics).toEqual([{ ...metric, questionId: 'score' }]);
		expect(feedback.answers[0]).toEqual({ questionId: 'score', question: null, type: surveyType, value: score });
	});

	it('keeps a product-market-fit score as an answer that measures nothing', () => {
		const { response } = responseOf(withScore('pmf', 3));
		expect(response.answers[0]).toMatchObject({ type: 'pmf', value: 3, scale: { min: 1, max: 3 }, measures: null });
		const feedback = buildFeedback(response, {}, { receivedAt: RECEIVED_AT });
		expect(feedback.metrics).toEqual([]);
		expect(feedback.answers).toEqual([{ questionId: 'score', question: null, type: 'pmf', value: 3 }]);
		// Not a silent drop: the warning names the score that no metric carries.
		expect(feedback.warnings).toEqual([expect.stringMatching(/^The answer 3 to question score is a score that was not read/)]);
	});

	it('keeps a score of a survey type it does not know without guessing a metric, and says so', () => {
		const feedback = feedbackOf(withScore('likert7', 6));
		expect(feedback.metrics).toEqual([]);
		expect(feedback.answers).toEqual([{ questionId: 'score', question: null, type: 'likert7', value: 6 }]);
		expect(feedback.warnings).toEqual([expect.stringMatching(/^The answer 6 to question score is a score that was not read/)]);
	});

	describe('a delivery without survey_type (the older webhook format, some accounts)', () => {
		const withoutType = (score: unknown) => {
			const body = withScore('nps', score);
			delete body.event_data.survey_type;
			return body;
		};

		it.each([
			['a detractor 5', 5, 5],
			['a score sent as text', '3', 3],
			['a promoter 10', 10, 10],
			['a zero', 0, 0],
		])('reads %s as NPS 0-10, Delighted’s default survey, and says the scale was assumed', (_case, score, expected) => {
			const feedback = feedbackOf(withoutType(score));
			expect(feedback.metrics).toEqual([{ type: 'nps', score: expected, scaleMin: 0, scaleMax: 10, questionId: 'score' }]);
			expect(feedback.warnings).toEqual([expect.stringMatching(/no "survey_type".*NPS 0-10.*assumed/)]);
		});

		it.each([['null', null], ['an empty text', ' ']])('reads a survey_type of %s the same way', (_case, surveyType) => {
			const feedback = feedbackOf(withScore(surveyType as string, 4));
			expect(feedback.metrics).toEqual([{ type: 'nps', score: 4, scaleMin: 0, scaleMax: 10, questionId: 'score' }]);
			expect(feedback.warnings).toEqual([expect.stringMatching(/no "survey_type".*assumed/)]);
		});

		it('leaves out a score that does not fit NPS, with both warnings', () => {
			const feedback = feedbackOf(withoutType(42));
			expect(feedback.metrics).toEqual([]);
			expect(feedback.warnings).toEqual([
				expect.stringMatching(/no "survey_type".*assumed/),
				expect.stringMatching(/is 42, outside the NPS scale 0-10.*left out/),
			]);
		});

		it('lets a scale the user names win over the assumption', () => {
			const feedback = feedbackOf(withoutType(2), { questions: { csat: 'score' }, scales: { csat: { scaleMin: 1, scaleMax: 3 } } });
			expect(feedback.metrics).toEqual([{ type: 'csat', score: 2, scaleMin: 1, scaleMax: 3, questionId: 'score' }]);
		});

		it('adds no assumption to a delivery without a score', () => {
			const feedback = feedbackOf(withoutType(null));
			expect([feedback.metrics, feedback.warnings]).toEqual([[], []]);
		});
	});

	it('lets the user name the score for a type it leaves unmapped', () => {
		const feedback = feedbackOf(withScore('pmf', 1), { questions: { csat: 'score' }, scales: { csat: { scaleMin: 1, scaleMax: 3 } } });
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 1, scaleMin: 1, scaleMax: 3, questionId: 'score' }]);
	});

	it('never refuses a score off its scale: it is left out with a warning', () => {
		const feedback = feedbackOf(withScore('csat', 7));
		expect(feedback.metrics).toEqual([]);
		expect(feedback.warnings.join(' ')).toMatch(/outside the CSAT scale 1-5/);
	});
});

describe('Delighted survey_response.updated: the comment arrives as a revision', () => {
	it('carries the comment and additional answers under the same feedback id, with a higher revision', () => {
		const created = feedbackOf(createdFixture);
		const updated = feedbackOf(updatedFixture);
		expect(updated.id).toBe(created.id);
		expect(updated.revision).toBeGreaterThan(created.revision);
		expect(updated.revision).toBe(421);
		expect(updated.comment).toBe("Livraison en retard de trois jours, et personne ne m'a prévenue.");
		expect(updated.submittedAt).toBe(created.submittedAt);
		expect(updated.sourceEventId).toBe(updatedFixture.event_id);
		expect(updated.metrics).toEqual(created.metrics);
		expect(updated.answers.slice(1)).toEqual([
			{
				questionId: 'enum_r4TbW9',
				question: 'What went wrong with your order?',
				type: 'select_many',
				value: ['Delivery time', 'Communication'],
			},
			{ questionId: 'enum_Qw7Ez2', question: 'Have you ordered from us before?', type: 'select_one', value: 'Yes' },
			{
				questionId: 'text_Mn5Bv8',
				question: 'Anything else you would like to tell us?',
				type: 'free_response',
				value: 'Le colis était abîmé.',
			},
		]);
	});

	it('keeps increasing over later updates, whatever order they arrive in, and repeats on a retry', () => {
		const later = clone(updatedFixture);
		later.event_id = 'another-event';
		later.event_data.updated_at = updatedFixture.event_data.updated_at + 900;
		const first = responseOf(updatedFixture).response.revision ?? 0;
		const second = responseOf(later).response.revision ?? 0;
		expect(second).toBeGreaterThan(first);
		expect(responseOf(clone(updatedFixture)).response.revision).toBe(first);
	});

	it('gives an update at least revision 2, even in the second of creation or without times', () => {
		expect(revisionOf('survey_response.updated', 1764003900, 1764003900)).toBe(2);
		expect(revisionOf('survey_response.updated', 1764003900, 1764003899)).toBe(2);
		expect(revisionOf('survey_response.updated', 1764003900, null)).toBe(2);
		expect(revisionOf('survey_response.updated', undefined, 1764004000)).toBe(2);
		expect(revisionOf('survey_response.created', 1764003900, 1764009999)).toBe(1);
	});

	it('reads times given as milliseconds or ISO text the same way as Unix seconds', () => {
		const seconds = revisionOf('survey_response.updated', 1764003900, 1764004320);
		expect(revisionOf('survey_response.updated', 1764003900000, '1764004320')).toBe(seconds);
		expect(revisionOf('survey_response.updated', '2025-11-24T17:05:00Z', '2025-11-24T18:12:00+01:00')).toBe(seconds);
	});
});

describe('Delighted unsubscribe.created', () => {
	it('becomes a consent withdrawal for the person, with no answers', () => {
		const { dedupKey, response } = responseOf(unsubscribeFixture);
		expect(dedupKey).toBe(unsubscribeFixture.event_id);
		expect(response).toMatchObject({
			responseId: 'unsubscribe:40981',
			event: 'consentWithdrawal',
			consent: false,
			answers: [],
			respondent: { id: '40981', email: 'Claire.Martin@example.fr', name: 'Claire Martin' },
		});

		const feedback = buildFeedback(response, {}, { receivedAt: RECEIVED_AT });
		expect(feedback).toMatchObject({
			id: 'delighted:unsubscribe:40981',
			event: 'consentWithdrawal',
			consent: { contact: false },
			submittedAt: '2025-11-25T17:00:00.000Z',
			respondent: { id: '40981', email: 'claire.martin@example.fr', name: 'Claire Martin' },
			metrics: [],
			answers: [],
			comment: null,
		});
	});

	it('names the withdrawal after the email when Delighted gives no person id', () => {
		const body = clone(unsubscribeFixture) as { event_id?: string; event_data: Record<string, unknown> };
		delete body.event_data.person_id;
		delete body.event_id;
		const { dedupKey, response } = responseOf(body);
		expect(response.responseId).toBe('unsubscribe:claire.martin@example.fr');
		expect(dedupKey).toBe('unsubscribe.created:claire.martin@example.fr:1764090000');
		expect(buildFeedback(response, {}, { receivedAt: RECEIVED_AT }).consent.contact).toBe(false);
	});

	it('refuses an unsubscribe that names nobody', () => {
		const body = { event_type: 'unsubscribe.created', event_id: 'e-1', event_data: { name: 'Someone', person_id: ' ' } };
		expect(feedbackErrorOf(() => read(body))).toMatchObject({ field: 'event_data.person_id' });
	});
});

describe('Delighted events without a response', () => {
	it.each(['survey_response.deleted', 'person.created', 'ping'])('ignores %s and says why', (eventType) => {
		const event = read({ event_type: eventType, event_id: 'e-1', event_data: { id: '1' } });
		expect(event.kind).toBe('ignored');
		expect(event.kind === 'ignored' && event.reason).toContain(eventType);
		expect(event.kind === 'ignored' && event.reason).toContain('survey_response.created');
	});
});

describe('Malformed Delighted deliveries', () => {
	it.each([
		['a text body', 'not json', 'body'],
		['a list', [createdFixture], 'body'],
		['null', null, 'body'],
		['no event_type', { event_id: 'e', event_data: createdFixture.event_data }, 'event_type'],
		['an empty event_type', { event_type: ' ', event_data: createdFixture.event_data }, 'event_type'],
		['no event_data', { event_type: 'survey_response.created', event_id: 'e' }, 'event_data'],
		['event_data as text', { event_type: 'survey_response.updated', event_data: 'x' }, 'event_data'],
		['no response id', { event_type: 'survey_response.created', event_data: { score: 9 } }, 'event_data.id'],
		['an empty response id', { event_type: 'survey_response.created', event_data: { id: '  ', score: 9 } }, 'event_data.id'],
		['a score as an object', { event_type: 'survey_response.created', event_data: { id: '1', score: { v: 9 } } }, 'event_data.score'],
		['a comment as a number', { event_type: 'survey_response.updated', event_data: { id: '1', comment: 5 } }, 'event_data.comment'],
		['a person as a list', { event_type: 'survey_response.created', event_data: { id: '1', person: [] } }, 'event_data.person'],
		[
			'person_properties as a list',
			{ event_type: 'survey_response.created', event_data: { id: '1', person_properties: ['vip'] } },
			'event_data.person_properties',
		],
		[
			'additional_answers as an object',
			{ event_type: 'survey_response.created', event_data: { id: '1', additional_answers: {} } },
			'event_data.additional_answers',
		],
		['unsubscribe data as a list', { event_type: 'unsubscribe.created', event_data: [] }, 'event_data'],
	])('refuses %s with a FeedbackError naming %s', (_label, body, field) => {
		expect(feedbackErrorOf(() => read(body))).toMatchObject({ field: field as string });
	});

	it('answers odd but well-typed payloads without a TypeError', () => {
		const odd = [
			{ event_type: 'survey_response.created', event_data: { id: 7 } },
			{ event_type: 'survey_response.created', event_data: { id: '7', person: null, additional_answers: [{}, { value: null }] } },
			{
				event_type: 'survey_response.updated',
				event_data: { id: '7', score: '8', survey_type: 'NPS', additional_answers: [{ value: { select_many: [] } }] },
			},
		];
		for (const body of odd) {
			const feedback = feedbackOf(body);
			expect(feedback.id).toBe('delighted:7');
			expect(feedback.submittedAt).toBe(RECEIVED_AT);
		}
		expect(feedbackOf(odd[2]).metrics).toEqual([{ type: 'nps', score: 8, scaleMin: 0, scaleMax: 10, questionId: 'score' }]);
	});
});
