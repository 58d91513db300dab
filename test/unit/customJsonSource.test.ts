import type { CustomJsonMapping } from '../../nodes/SurveyTrigger/sources/customJson';
import { DEFAULT_CUSTOM_JSON_MAPPING, customJsonSource } from '../../nodes/SurveyTrigger/sources/customJson';
import { context, feedbackErrorOf } from './sources/support';

const normalize = (body: unknown, mapping: Partial<CustomJsonMapping> = {}) =>
	customJsonSource.normalize(body, { ...DEFAULT_CUSTOM_JSON_MAPPING, ...mapping }, context);

describe('Custom JSON source with the default mapping', () => {
	const body = {
		responseId: 'r-42',
		score: 3,
		comment: 'Livraison en retard de trois jours',
		email: 'Claire.Martin@Example.fr',
		phone: '+33 6 12 34 56 78',
		customerId: 'C-981',
		name: 'Claire Martin',
		segment: 'VIP',
		customerValue: '1200',
		consent: 'oui',
		submittedAt: '2026-11-24T17:05:00+01:00',
		surveyId: 'post-delivery',
		touchpoint: 'delivery',
		locale: 'fr-FR',
		orderId: 'O-7781',
	};

	it('maps every field into the canonical feedback', () => {
		const feedback = normalize(body, { channel: 'email' });
		expect(feedback).toEqual({
			id: 'custom-json:r-42',
			revision: 1,
			event: 'response',
			source: 'custom-json',
			sourceEventId: 'r-42',
			surveyId: 'post-delivery',
			touchpoint: 'delivery',
			channel: 'email',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: 'fr-FR',
			respondent: {
				id: 'C-981',
				customerId: 'C-981',
				email: 'claire.martin@example.fr',
				phone: '+33 6 12 34 56 78',
				name: 'Claire Martin',
				timezone: null,
				segment: 'VIP',
				value: 1200,
			},
			consent: { contact: true },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'score' }],
			comment: 'Livraison en retard de trois jours',
			answers: [],
			hidden: { orderId: 'O-7781' },
			warnings: [],
		});
	});

	it('uses the arrival time and a generated id when the body has neither', () => {
		const feedback = normalize({ score: '10' });
		expect(feedback.id).toBe('custom-json:generated-id');
		expect(feedback.sourceEventId).toBeNull();
		expect(feedback.submittedAt).toBe(context.receivedAt);
		expect(feedback.metrics[0].score).toBe(10);
	});

	it('reads Unix time in seconds and milliseconds', () => {
		expect(normalize({ score: 5, submittedAt: 1764000000 }).submittedAt).toBe('2025-11-24T16:00:00.000Z');
		expect(normalize({ score: 5, submittedAt: 1764000000000 }).submittedAt).toBe('2025-11-24T16:00:00.000Z');
	});
});

describe('Custom JSON source with a user mapping', () => {
	it('follows nested dot paths and list indexes', () => {
		const feedback = normalize(
			{
				id: 991,
				answers: [{ value: 2 }],
				customer: { contact: { email: 'a@b.co' } },
				text: { verbatim: 'Slow support' },
			},
			{
				responseIdPath: 'id',
				scorePath: 'answers[0].value',
				metricType: 'csat',
				emailPath: 'customer.contact.email',
				commentPath: 'text.verbatim',
				defaultTouchpoint: 'support call',
			},
		);
		expect(feedback.sourceEventId).toBe('991');
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 2, scaleMin: 1, scaleMax: 5, questionId: 'answers[0].value' }]);
		expect(feedback.respondent.email).toBe('a@b.co');
		expect(feedback.comment).toBe('Slow support');
		expect(feedback.touchpoint).toBe('support call');
		expect(feedback.hidden).toEqual({});
	});

	it('applies a custom scale', () => {
		const feedback = normalize({ score: 9 }, { metricType: 'csat', scale: { scaleMin: 1, scaleMax: 10 } });
		expect(feedback.metrics[0]).toMatchObject({ score: 9, scaleMin: 1, scaleMax: 10 });
	});

	it('accepts a comment-only response when a score is not required', () => {
		expect(normalize({ comment: 'Merci' }, { requireScore: false }).metrics).toEqual([]);
		expect(normalize({ comment: 'Merci' }, { requireScore: false }).warnings).toEqual([]);
	});

	it.each([
		['nps', { nps: 4 }],
		['a CSAT sent as text', { csat: '2' }],
		['a nested rating', { answers: { rating: 1 } }],
		['a satisfaction score under another name', { satisfactionScore: 3 }],
	])('names %s that is not at the score path when a score is not required: never a silent drop', (_case, fields) => {
		const feedback = normalize({ responseId: 'r-1', comment: 'Bof', ...fields }, { requireScore: false });
		expect(feedback.metrics).toEqual([]);
		expect(feedback.warnings).toEqual([expect.stringMatching(/^No score at "score", but ".+" holds .+, which looks like one/)]);
	});
});

describe('Custom JSON source refuses bad bodies and names the field', () => {
	it.each([
		[null, 'body', /must be a JSON object, got null/],
		['score=3', 'body', /must be a JSON object, got "score=3"/],
		[[{ score: 3 }], 'body', /must be a JSON object, got a list/],
		[{ comment: 'no score' }, 'score', /Missing field "score": this survey expects a NPS score there/],
		[{ score: 11 }, 'score', /"score" is 11, outside the NPS scale 0-10/],
		[{ score: 'ten' }, 'score', /"score" must be a number, got "ten"/],
		[{ score: 3, email: 'not-an-email' }, 'email', /"email" must be an email address/],
		[{ score: 3, submittedAt: 'last tuesday' }, 'submittedAt', /"submittedAt" must be a date/],
		[{ score: 3, consent: 'maybe' }, 'consent', /"consent" must be yes\/no/],
		[{ score: 3, comment: { text: 'x' } }, 'comment', /"comment" must be text, got an object/],
		[{ score: 3, customerValue: 'lots' }, 'customerValue', /"customerValue" must be a number/],
	])('%p → field %s', (body, field, message) => {
		const failure = feedbackErrorOf(() => normalize(body));
		expect(failure).toEqual({ field, message: expect.stringMatching(message) });
	});
});
