import type { ResponseMapping, SurveyResponse } from '../../../nodes/core/surveyResponse';
import { buildFeedback } from '../../../nodes/core/surveyResponse';
import { jotformSource } from '../../../nodes/SurveyTrigger/sources/jotform';
import type { SourceEvent } from '../../../nodes/SurveyTrigger/sources/types';
import csatFixture from '../../fixtures/jotform/csat-upload-submission.json';
import npsFixture from '../../fixtures/jotform/nps-submission.json';
import { RECEIVED_AT, context, expectResponse, feedbackErrorOf, formDelivery } from './support';

function read(body: unknown): SourceEvent {
	return jotformSource.read(formDelivery(body, 'multipart/form-data'), undefined, context);
}

function responseOf(body: unknown): { dedupKey: string | null; response: SurveyResponse } {
	return expectResponse(read(body));
}

function feedbackOf(body: unknown, mapping: ResponseMapping = {}) {
	return buildFeedback(responseOf(body).response, mapping, { receivedAt: RECEIVED_AT });
}

/** A Jotform delivery whose rawRequest and pretty are the given ones. */
function submission(raw: Record<string, unknown>, pretty = '', extra: Record<string, string> = {}) {
	return { formID: '251234567890999', submissionID: '6409999999999999999', rawRequest: JSON.stringify(raw), pretty, ...extra };
}

function questionsOf(body: unknown): Record<string, string | null | undefined> {
	return Object.fromEntries(responseOf(body).response.answers.map((answer) => [answer.questionId, answer.question]));
}

describe('Jotform NPS submission', () => {
	it('is deduplicated by its submission id and maps into the canonical feedback', () => {
		const { dedupKey, response } = responseOf(npsFixture);
		expect(dedupKey).toBe(npsFixture.submissionID);
		expect(response.responseId).toBe(npsFixture.submissionID);

		const feedback = buildFeedback(response, {}, { receivedAt: RECEIVED_AT });
		expect(feedback).toMatchObject({
			id: 'jotform:6401234567890123456',
			revision: 1,
			event: 'response',
			source: 'jotform',
			sourceEventId: '6401234567890123456',
			surveyId: '251234567890123',
			submittedAt: '2025-11-24T17:05:00.000Z',
			respondent: {
				customerId: 'C-981',
				email: 'claire.martin@example.fr',
				phone: '+33 6 12 34 56 78',
				name: 'Claire Martin',
			},
			consent: { contact: true },
			metrics: [{ type: 'nps', score: 4, scaleMin: 0, scaleMax: 10, questionId: 'q3' }],
			comment: "La livraison a pris trois jours de retard, et personne ne m'a prévenue.",
			hidden: { customer_id: 'C-981' },
			warnings: [],
		});
	});

	it('takes question texts from pretty, even when an answer holds ", "', () => {
		expect(questionsOf(npsFixture)).toEqual({
			q3: 'How likely are you to recommend us to a friend or colleague?',
			q4: 'What is the main reason for your score?',
			q5: 'Email',
			q6: 'Name',
			q7: 'Phone Number',
			q8: 'May we contact you about your answer?',
		});
	});

	it('keeps qN as the question id and the unique name as its ref, and skips unanswered fields', () => {
		const { response } = responseOf(npsFixture);
		expect(response.answers.map((answer) => [answer.questionId, answer.ref])).toEqual([
			['q3', 'howLikely'],
			['q4', 'whatIs'],
			['q5', 'email'],
			['q6', 'name'],
			['q7', 'phoneNumber'],
			['q8', 'mayWe'],
		]);
		expect(response.answers.find((answer) => answer.questionId === 'q6')?.value).toBe('Claire Martin');
	});

	it('leaves Jotform bookkeeping out of the hidden fields', () => {
		const { response } = responseOf(npsFixture);
		expect(Object.keys(response.hidden ?? {})).toEqual(['customer_id']);
	});

	it('lets the user name the NPS question by its unique name', () => {
		const raw = { q3_scoreOut: '9', q4_reasonFor: 'Great service' };
		const feedback = feedbackOf(submission(raw, 'Score out of ten:9, Reason for your score:Great service'), {
			questions: { nps: 'scoreOut' },
		});
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 9, scaleMin: 0, scaleMax: 10, questionId: 'q3' }]);
	});

	it('finds a hidden-box customer id by its unique name when the user names it', () => {
		const raw = { q3_howLikely: '2', q9_customerId: 'C-42' };
		const body = submission(raw, 'How likely are you to recommend us?:2');
		expect(feedbackOf(body, { fields: { customerId: 'customerId' } }).respondent.customerId).toBe('C-42');
	});

	it('reads a rawRequest that arrives already parsed (a JSON delivery)', () => {
		const body = { ...npsFixture, rawRequest: JSON.parse(npsFixture.rawRequest) as unknown };
		expect(feedbackOf(body).metrics).toEqual(feedbackOf(npsFixture).metrics);
	});
});

describe('Jotform CSAT submission with colons, dates and an upload', () => {
	it('maps the CSAT score by the question wording and the comment by its question', () => {
		const feedback = feedbackOf(csatFixture);
		expect(feedback.metrics).toEqual([{ type: 'csat', score: 2, scaleMin: 1, scaleMax: 5, questionId: 'q10' }]);
		expect(feedback.comment).toBe('Faster repairs: the wait was two weeks, and nobody called.');
		expect(feedback.respondent.email).toBe('sam.lee@example.com');
		expect(feedback.submittedAt).toBe(RECEIVED_AT);
		expect(feedback.hidden).toEqual({});
	});

	it('keeps a question with ":" when it starts like the field name, and drops one it cannot vouch for', () => {
		expect(questionsOf(csatFixture)).toEqual({
			q10: 'How satisfied are you with the repair?',
			q11: 'What could we improve: speed, price, or staff?',
			q12: null,
			q13: 'Photos',
			q14: 'Topics',
			q15: 'Visit Date',
			q16: 'Your Email',
		});
	});

	it('reads dates, checkbox lists and uploaded files', () => {
		const values = Object.fromEntries(responseOf(csatFixture).response.answers.map((answer) => [answer.ref, answer.value]));
		expect(values.visitDate).toBe('2025-11-20');
		expect(values.topics).toEqual(['Price', 'Staff']);
		expect(values.photos).toEqual([
			'https://www.jotform.com/uploads/acme_cx/251234567890777/6402234567890123456/broken%20screen.png',
		]);
	});
});

describe('Jotform pretty parsing', () => {
	it('takes a question that holds ":" and ", " when it starts like the field name', () => {
		const raw = { q23_multipleChoice: ['Option; 1', 'Option2'], q10_nameHehe: 'Value1 with colon: and comma, end' };
		const pretty =
			'Key1 with colon: and comma, end:Value1 with colon: and comma, end, Multiple Choice Question, options::Option; 1 Option2';
		expect(questionsOf(submission(raw, pretty))).toEqual({
			q23: 'Multiple Choice Question, options:',
			// Renamed field: "Key1 with colon: and comma, end" could be two entries; no question rather than a wrong one.
			q10: null,
		});
	});

	it('never lets an entry it cannot read leak into the next question', () => {
		const raw = {
			q4_address: { addr_line1: '1 rue de la Paix', city: 'Paris', postal: '75002' },
			q5_comments: 'Late again',
		};
		const pretty = 'Address:1 rue de la Paix<br>Paris<br>75002, Comments:Late again';
		expect(questionsOf(submission(raw, pretty))).toEqual({ q4: null, q5: 'Comments' });
		const glued = submission({ q4_address: raw.q4_address, q5_anyRemarks: 'Late again' }, pretty);
		expect(questionsOf(glued)).toEqual({ q4: null, q5: null });
	});

	it('tells two answers with the same value apart by order, so consent is still found', () => {
		const raw = { q1_firstOrder: 'Yes', q2_mayWe: 'No', q3_howLikely: '8' };
		const pretty = 'Is this your first order?:Yes, May we contact you about your answer?:No, How likely are you to recommend us?:8';
		expect(questionsOf(submission(raw, pretty))).toEqual({
			q1: 'Is this your first order?',
			q2: 'May we contact you about your answer?',
			q3: 'How likely are you to recommend us?',
		});
		const same = { q1_firstOrder: 'Yes', q2_mayWe: 'Yes' };
		expect(questionsOf(submission(same, 'Is this your first order?:Yes, May we contact you about your answer?:Yes'))).toEqual({
			q1: 'Is this your first order?',
			q2: 'May we contact you about your answer?',
		});
		expect(feedbackOf(submission(raw, pretty)).consent.contact).toBe(false);
	});

	it('decodes the HTML entities Jotform writes into answers and pretty', () => {
		const raw = { q2_whyDid: 'Parce qu&#039;on m&#39;a dit &quot;demain&quot; &amp; rien' };
		const body = submission(raw, 'Why did you give this score?:Parce qu&#039;on m&#39;a dit &quot;demain&quot; &amp; rien');
		const feedback = feedbackOf(body);
		expect(feedback.comment).toBe('Parce qu\'on m\'a dit "demain" & rien');
		expect(feedback.answers[0].question).toBe('Why did you give this score?');
	});

	it('works without pretty: answers keep no question text', () => {
		const body = submission({ q3_howLikely: '10', q5_email: 'a@b.example' });
		expect(questionsOf(body)).toEqual({ q3: null, q5: null });
		expect(feedbackOf(body).respondent.email).toBe('a@b.example');
	});
});

describe('Jotform answer kinds', () => {
	it('spots emails and phone numbers by field name or by value', () => {
		const raw = {
			q1_contactMe: 'sam@example.com',
			q2_workEmail: 'not an address',
			q3_mobile: '0612345678',
			q4_reachMe: '+44 20 7946 0958',
			q5_orderNumber: '100200300',
			q6_emailConsent: 'Yes',
			q7_deliveryDay: '11-08-2025',
		};
		const formats = Object.fromEntries(responseOf(submission(raw)).response.answers.map((answer) => [answer.ref, answer.format]));
		expect(formats).toEqual({
			contactMe: 'email',
			workEmail: 'email',
			mobile: 'phone',
			reachMe: 'phone',
			orderNumber: 'number',
			emailConsent: null,
			deliveryDay: null,
		});
	});

	it('reads a phone given in parts and a full name with a middle name', () => {
		const raw = {
			q2_name: { prefix: '', first: 'Ana', middle: 'Maria', last: 'Lopez', suffix: '' },
			q3_phone: { area: '555', phone: '0123456' },
		};
		const feedback = feedbackOf(submission(raw, 'Name:Ana Maria Lopez, Phone:555 0123456'));
		expect(feedback.respondent.name).toBe('Ana Maria Lopez');
		expect(feedback.respondent.phone).toBe('555 0123456');
		expect(feedback.answers.map((answer) => answer.question)).toEqual(['Name', 'Phone']);
	});

	it('takes the submission time from submitDate in milliseconds or as text', () => {
		expect(feedbackOf(submission({ submitDate: '1764003900000', q1_x: 'a' })).submittedAt).toBe('2025-11-24T17:05:00.000Z');
		expect(feedbackOf(submission({ submitDate: '2025-11-24 17:05:00', q1_x: 'a' })).submittedAt).toBe(
			'2025-11-24T17:05:00.000Z',
		);
	});
});

describe('Malformed Jotform deliveries', () => {
	it.each([
		['a text body', 'formID=1&submissionID=2', 'body'],
		['a list', [npsFixture], 'body'],
		['null', null, 'body'],
		['no submissionID', { formID: '1', rawRequest: '{}' }, 'submissionID'],
		['an empty submissionID', { formID: '1', submissionID: ' ', rawRequest: '{}' }, 'submissionID'],
		['no rawRequest', { formID: '1', submissionID: '2' }, 'rawRequest'],
		['a rawRequest that is not JSON', { submissionID: '2', rawRequest: '{"q3_howLikely": "9"' }, 'rawRequest'],
		['a rawRequest that is a JSON list', { submissionID: '2', rawRequest: '[1, 2]' }, 'rawRequest'],
		['a rawRequest that is JSON text', { submissionID: '2', rawRequest: '"q3_howLikely"' }, 'rawRequest'],
		['a rawRequest that is JSON null', { submissionID: '2', rawRequest: 'null' }, 'rawRequest'],
		['a rawRequest as a number', { submissionID: '2', rawRequest: 42 }, 'rawRequest'],
		['a pretty that is not text', { submissionID: '2', rawRequest: '{}', pretty: ['x'] }, 'pretty'],
	])('refuses %s with a FeedbackError naming %s', (_label, body, field) => {
		expect(feedbackErrorOf(() => read(body))).toMatchObject({ field: field as string });
	});

	it('answers odd field values without a TypeError', () => {
		const raw = {
			q1_x: null,
			q2_name: { first: 5, last: null },
			q3_list: [1, { a: 'b' }, null],
			q4_nested: { a: { b: 'c' } },
			q5_flag: true,
			temp_upload: 'not an object',
			q6_phone: { full: '' },
			q7_date: { month: 'x', day: '1', year: '2025' },
			q8_howLikely: 7,
		};
		const feedback = feedbackOf(submission(raw, 'Nested:c, How likely are you to recommend us?:7, :', { formID: '' }));
		expect(feedback.id).toBe('jotform:6409999999999999999');
		expect(feedback.surveyId).toBeNull();
		expect(feedback.metrics).toEqual([{ type: 'nps', score: 7, scaleMin: 0, scaleMax: 10, questionId: 'q8' }]);
	});
});

describe('Jotform numbers, which come without a field type', () => {
	const read = (raw: Record<string, unknown>) =>
		buildFeedback(responseOf(submission(raw)).response, {}, { receivedAt: RECEIVED_AT });

	it('names a number in a CX range that became no metric as a possible score', () => {
		const feedback = read({ q3_input3: '4', q4_whatIs: 'Trop lent' });
		expect(feedback.metrics).toEqual([]);
		expect(feedback.warnings).toEqual([expect.stringMatching(/^The answer "4" to question q3 may be a score/)]);
	});

	it.each([['an order number', '1234567'], ['an amount', '250.50'], ['a code of digits', '-42']])(
		'takes %s for no score',
		(_case, value) => {
			expect(read({ q3_input3: value }).warnings).toEqual([]);
		},
	);
});
