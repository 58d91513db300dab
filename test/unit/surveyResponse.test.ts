import { FeedbackError } from '../../nodes/core/feedback';
import type { SurveyAnswer, SurveyResponse } from '../../nodes/core/surveyResponse';
import { buildFeedback, foldName, localeTag } from '../../nodes/core/surveyResponse';

const delivery = { receivedAt: '2026-11-25T08:00:00.000Z' };

const response = (answers: SurveyAnswer[], extra: Partial<SurveyResponse> = {}): SurveyResponse => ({
	source: 'typeform',
	responseId: 'resp-1',
	answers,
	...extra,
});

const npsAnswer: SurveyAnswer = {
	questionId: 'q1',
	ref: 'nps_delivery',
	question: 'How likely are you to recommend us to a friend?',
	type: 'number',
	value: 3,
	measures: 'nps',
	scale: { min: 0, max: 10 },
};
const commentAnswer: SurveyAnswer = {
	questionId: 'q2',
	ref: 'why',
	question: 'Pourquoi cette note ?',
	type: 'long_text',
	value: '  Livraison en retard  ',
	format: 'longText',
};

describe('building feedback from a survey response', () => {
	it('finds the NPS question the tool declares and the long-text comment', () => {
		const feedback = buildFeedback(response([npsAnswer, commentAnswer]), {}, delivery);
		expect(feedback.id).toBe('typeform:resp-1');
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: 'q1' }]);
		expect(feedback.comment).toBe('Livraison en retard');
		expect(feedback.submittedAt).toBe(delivery.receivedAt);
		expect(feedback.answers.map((answer) => answer.questionId)).toEqual(['q1', 'q2']);
		expect(feedback.warnings).toEqual([]);
	});

	it('detects an undeclared 0-10 question, and CSAT and CES by their wording in French', () => {
		const feedback = buildFeedback(
			response([
				{ questionId: 'a', question: 'Êtes-vous satisfait de la livraison ?', value: '2' },
				{ questionId: 'b', question: 'Was it easy to get help?', value: 6, scale: { min: 1, max: 7 } },
				{ questionId: 'c', question: 'Une note de 0 à 10', value: 9, scale: { min: 0, max: 10 } },
			]),
			{},
			delivery,
		);
		expect(feedback.metrics.map(({ type, score, questionId }) => [type, score, questionId])).toEqual([
			['nps', 9, 'c'],
			['csat', 2, 'a'],
			['ces', 6, 'b'],
		]);
	});

	it('uses the question the user names, by id, ref or wording, ignoring case and accents', () => {
		const answers: SurveyAnswer[] = [
			{ questionId: 'x1', ref: 'Satisfaction_Livraison', question: 'Note', value: 4 },
			{ questionId: 'x2', question: 'Votre avis général', value: 'Très bien' },
		];
		const byRef = buildFeedback(response(answers), { questions: { csat: 'satisfaction_livraison' }, commentQuestion: 'VOTRE AVIS GENERAL' }, delivery);
		expect(byRef.metrics).toEqual([{ type: 'csat', score: 4, scaleMin: 1, scaleMax: 5, questionId: 'x1' }]);
		expect(byRef.comment).toBe('Très bien');
		expect(buildFeedback(response(answers), { questions: { csat: 'x1' } }, delivery).metrics).toHaveLength(1);
		expect(foldName(' Satisfaction-Livraison ')).toBe('satisfactionlivraison');
	});

	it('applies the user’s scale, and keeps a response whose score is off the scale with a warning', () => {
		const answers: SurveyAnswer[] = [{ questionId: 's', question: 'Satisfaction', value: 9 }];
		expect(buildFeedback(response(answers), { scales: { csat: { scaleMin: 1, scaleMax: 10 } } }, delivery).metrics[0]).toMatchObject({
			score: 9,
			scaleMax: 10,
		});
		const offScale = buildFeedback(response(answers), {}, delivery);
		expect(offScale.metrics).toEqual([]);
		expect(offScale.warnings).toEqual([expect.stringMatching(/outside the CSAT scale 1-5.*left out/)]);
	});

	it('passes a response without any usable metric with metrics: []', () => {
		const feedback = buildFeedback(response([commentAnswer]), {}, delivery);
		expect(feedback.metrics).toEqual([]);
		expect(feedback.comment).toBe('Livraison en retard');
	});

	it('warns when a named question is not in the response', () => {
		const feedback = buildFeedback(response([npsAnswer]), { questions: { nps: 'missing_ref' } }, delivery);
		expect(feedback.metrics).toEqual([]);
		// The tool's NPS answer is still there, unread: the warnings say so too, never a silent drop.
		expect(feedback.warnings).toEqual([
			'No question "missing_ref" in this response, so it has no NPS score',
			expect.stringMatching(/^The answer 3 to "How likely are you to recommend us to a friend\?" \(q1\) is a score that was not read/),
		]);
	});

	it('reads people fields from hidden fields, email and phone answers, and a consent question', () => {
		const feedback = buildFeedback(
			response(
				[
					npsAnswer,
					{ questionId: 'e', question: 'Your email', value: 'Claire@Example.FR', format: 'email' },
					{ questionId: 'p', question: 'Phone', value: '+33612345678', format: 'phone' },
					{ questionId: 'c', question: 'May we contact you about your answer?', value: true, format: 'boolean' },
				],
				{ hidden: { Customer_ID: 'C-42', segment: 'VIP', customer_value: '1200', touchpoint: 'delivery', lang: 'fr' } },
			),
			{},
			delivery,
		);
		expect(feedback.respondent).toEqual({
			id: 'C-42',
			customerId: 'C-42',
			email: 'claire@example.fr',
			phone: '+33612345678',
			name: null,
			timezone: null,
			segment: 'VIP',
			value: 1200,
		});
		expect(feedback.consent.contact).toBe(true);
		expect(feedback.touchpoint).toBe('delivery');
		expect(feedback.locale).toBe('fr');
		expect(feedback.hidden).toMatchObject({ Customer_ID: 'C-42' });
	});

	it('uses the fields the user names before detection', () => {
		const feedback = buildFeedback(
			response([npsAnswer, { questionId: 'ok', question: 'Peut-on vous rappeler ?', value: 'Non merci' }], {
				hidden: { mail_pro: 'b@example.com', email: 'a@example.com', client: 'K-9' },
			}),
			{ fields: { email: 'mail_pro', customerId: 'client', consent: 'ok' } },
			delivery,
		);
		expect(feedback.respondent.email).toBe('b@example.com');
		expect(feedback.respondent.customerId).toBe('K-9');
		expect(feedback.consent.contact).toBe(false);
	});

	it('never refuses a delivery for what the customer typed: bad email, value and consent become warnings', () => {
		const feedback = buildFeedback(
			response([npsAnswer], { hidden: { email: 'not-an-email', customer_value: 'lots', consent: 'maybe' } }),
			{},
			delivery,
		);
		expect(feedback.respondent.email).toBeNull();
		expect(feedback.respondent.value).toBeNull();
		expect(feedback.consent.contact).toBeNull();
		expect(feedback.warnings).toHaveLength(3);
		expect(feedback.warnings.join(' ')).toMatch(/not-an-email.*lots.*maybe/);
	});

	it('keeps revisions, consent withdrawals and the tool’s submission time', () => {
		const feedback = buildFeedback(
			response([], {
				event: 'consentWithdrawal',
				revision: 3,
				consent: false,
				submittedAt: '2026-11-24 18:00:00',
				respondent: { email: 'x@example.com' },
			}),
			{},
			delivery,
		);
		expect(feedback).toMatchObject({ event: 'consentWithdrawal', revision: 3, consent: { contact: false } });
		expect(feedback.submittedAt).toBe('2026-11-24T18:00:00.000Z');
		expect(feedback.respondent.id).toBe('x@example.com');
	});

	it('refuses only what the tool got wrong: a response without an id', () => {
		expect(() => buildFeedback(response([], { responseId: ' ' }), {}, delivery)).toThrow(FeedbackError);
	});
});

describe('scales and answer-borne person fields', () => {
	it('lets the tool’s declared scale win over the user’s default scale', () => {
		const feedback = buildFeedback(
			response([{ questionId: 't', question: 'Satisfied?', value: 0, scale: { min: 0, max: 1 }, measures: 'csat' }]),
			{ scales: { csat: { scaleMin: 1, scaleMax: 5 } } },
			delivery,
		);
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 0, scaleMin: 0, scaleMax: 1, questionId: 't' }]);
	});

	it('finds a customer id delivered as an answer named like a hidden field', () => {
		const feedback = buildFeedback(
			response([npsAnswer, { questionId: 'q9', ref: 'customer_id', question: 'Customer ID', value: 'C-77' }]),
			{},
			delivery,
		);
		expect(feedback.respondent.customerId).toBe('C-77');
	});
});

describe('a score that did not become a metric is never dropped silently', () => {
	const nps = { ...npsAnswer, questionId: 'nps', value: 4 };

	it.each<[string, SurveyAnswer]>([
		['a second rating of the same kind', { questionId: 'r2', question: 'Rate the courier', type: 'rating', value: 2, measures: 'rating' }],
		['an opinion scale the tool declares 1-5', { questionId: 'o', question: 'Quality of the packaging', type: 'opinion_scale', value: '4', scale: { min: 1, max: 5 } }],
		['a slider with no wording or scale', { questionId: 'QID9_1', question: null, type: 'Slider/HSLIDER', value: 7 }],
		['a question worded as a CES question', { questionId: 'e2', question: 'Was returning the item easy?', type: 'number', value: 3 }],
		['a score the tool marks as one, of a type nobody knows', { questionId: 'score', type: 'effort_v9', value: 6, carriesScore: 'yes' }],
		['a score that is not a number at all', { questionId: 'n2', question: 'NPS', type: 'nps', value: 'Extremely likely', measures: 'nps' }],
	])('names %s in the warnings', (_case, unread) => {
		// Every metric already has its question, so the extra one cannot become a metric.
		const others: SurveyAnswer[] = [
			nps,
			{ questionId: 'csat1', question: 'How satisfied are you?', value: 4, measures: 'csat' },
			{ questionId: 'ces1', question: 'How easy was it?', value: 6, measures: 'ces' },
			{ questionId: 'rating1', question: 'Stars', value: 5, measures: 'rating' },
		];
		const feedback = buildFeedback(response([...others, { ...unread }]), {}, delivery);
		expect(feedback.metrics.map((metric) => metric.questionId)).toEqual(['nps', 'csat1', 'ces1', 'rating1']);
		const warning = feedback.warnings.find((text) => text.includes(`${unread.questionId})`) || text.includes(`question ${unread.questionId} `));
		expect(warning).toMatch(new RegExp(`^The answer ${JSON.stringify(JSON.stringify(unread.value)).slice(1, -1)} to .* (is|may be) a score`));
		expect(feedback.metrics.map((metric) => metric.questionId)).not.toContain(unread.questionId);
	});

	it('says "may be" for a number the source cannot place', () => {
		const maybe = buildFeedback(response([{ questionId: 'q7', ref: 'input7', value: '4', carriesScore: 'maybe' }]), {}, delivery);
		expect(maybe.warnings).toEqual([expect.stringMatching(/^The answer "4" to question q7 may be a score/)]);
		const plain = buildFeedback(response([{ questionId: 'q8', ref: 'input8', value: '4' }]), {}, delivery);
		expect(plain.warnings).toEqual([]);
	});

	it('says nothing of numbers that are no score, or that became a person field', () => {
		const feedback = buildFeedback(
			response([
				nps,
				{ questionId: 'n', question: 'How many parcels did you receive?', type: 'number', value: 3, format: 'number' },
				{ questionId: 'v', ref: 'customer_value', question: null, value: '5', carriesScore: 'maybe' },
				{ questionId: 'c', question: 'May we contact you?', value: '1', carriesScore: 'maybe' },
			]),
			{},
			delivery,
		);
		expect(feedback.respondent.value).toBe(5);
		expect(feedback.consent.contact).toBe(true);
		expect(feedback.warnings).toEqual([]);
	});

	it('gives the question the user names to that metric, even when the tool says it measures another', () => {
		const feedback = buildFeedback(response([{ ...nps }]), { questions: { csat: 'nps' }, scales: { csat: { scaleMin: 0, scaleMax: 10 } } }, delivery);
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 4, scaleMin: 0, scaleMax: 10, questionId: 'nps' }]);
	});

	it('lets a user scale replace a scale the source only assumed', () => {
		const assumed: SurveyAnswer = { questionId: 'score', value: 2, measures: 'nps', scale: { min: 0, max: 10 }, assumed: true };
		const feedback = buildFeedback(response([assumed]), { questions: { csat: 'score' }, scales: { csat: { scaleMin: 1, scaleMax: 3 } } }, delivery);
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 2, scaleMin: 1, scaleMax: 3, questionId: 'score' }]);
	});

	it('leads the warnings with what the source had to assume', () => {
		const feedback = buildFeedback(response([nps], { warnings: ['The source assumed something'] }), {}, delivery);
		expect(feedback.warnings).toEqual(['The source assumed something']);
	});
});

describe('locale tags', () => {
	it.each([
		['FR', 'fr'],
		[' pt_BR ', 'pt-BR'],
		['zh-hant-tw', 'zh-Hant-TW'],
		['ZH-S', 'zh-S'],
		['Français', 'Français'],
		['', null],
		[null, null],
	])('writes %p as %p', (code, tag) => {
		expect(localeTag(code)).toBe(tag);
	});
});
