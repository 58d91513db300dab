import { FeedbackError, feedbackSchema, readClosedLoopItem } from '../../nodes/core/feedback';
import type { FeedbackInput } from '../../nodes/core/feedback';

const minimalFeedback: FeedbackInput = {
	id: 'custom-json:r-1',
	source: 'custom-json',
	submittedAt: '2026-11-20T09:30:00.000Z',
	metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10 }],
};

describe('feedbackSchema', () => {
	it('fills every canonical field with its default', () => {
		const feedback = feedbackSchema.parse(minimalFeedback);
		expect(feedback).toEqual({
			id: 'custom-json:r-1',
			revision: 1,
			event: 'response',
			source: 'custom-json',
			sourceEventId: null,
			surveyId: null,
			touchpoint: null,
			channel: null,
			submittedAt: '2026-11-20T09:30:00.000Z',
			locale: null,
			respondent: {
				id: null,
				customerId: null,
				email: null,
				phone: null,
				name: null,
				timezone: null,
				segment: null,
				value: null,
			},
			consent: { contact: null },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: null }],
			comment: null,
			answers: [],
			hidden: {},
			warnings: [],
		});
	});

	it('refuses a score outside its own scale', () => {
		const result = feedbackSchema.safeParse({
			...minimalFeedback,
			metrics: [{ type: 'csat', score: 9, scaleMin: 1, scaleMax: 5 }],
		});
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].path).toEqual(['metrics', 0, 'score']);
	});

	it('refuses an unknown metric type and a submission time that is not a date', () => {
		expect(feedbackSchema.safeParse({ ...minimalFeedback, metrics: [{ type: 'stars', score: 1, scaleMin: 1, scaleMax: 5 }] }).success).toBe(false);
		expect(feedbackSchema.safeParse({ ...minimalFeedback, submittedAt: 'yesterday' }).success).toBe(false);
	});
});

describe('readClosedLoopItem', () => {
	it('keeps keys users added between our nodes', () => {
		const item = readClosedLoopItem({ feedback: minimalFeedback, crmAccount: 'ACME' }, 'Score & Classify');
		expect(item.crmAccount).toBe('ACME');
		expect(item.feedback.revision).toBe(1);
	});

	it('names the missing stage and where it comes from', () => {
		try {
			readClosedLoopItem({ score: 3 }, 'Score & Classify');
			throw new Error('expected a failure');
		} catch (error) {
			expect(error).toBeInstanceOf(FeedbackError);
			expect((error as FeedbackError).message).toBe('Score & Classify needs "feedback" on each item, and this item has none');
			expect((error as FeedbackError).field).toBe('feedback');
			expect((error as FeedbackError).hint).toMatch(/Survey Trigger/);
		}
	});

	it('names the exact field at fault', () => {
		expect(() =>
			readClosedLoopItem(
				{ feedback: { ...minimalFeedback, metrics: [{ type: 'nps', score: 'high', scaleMin: 0, scaleMax: 10 }] } },
				'Score & Classify',
			),
		).toThrow(/Score & Classify cannot use this item: feedback\.metrics\.0\.score: Expected number, received string/);
	});

	it.each([null, 'text', [1, 2]])('refuses a non-object item %p', (json) => {
		expect(() => readClosedLoopItem(json, 'Score & Classify')).toThrow(/expects an object item/);
	});

	it('checks the stages a node reads and lets the others pass unchecked', () => {
		const partial = { feedback: minimalFeedback, classification: { topics: ['prix'] } };
		expect(readClosedLoopItem(partial, 'Score & Classify').classification).toEqual({ topics: ['prix'] });
		expect(() => readClosedLoopItem(partial, 'Alert Rule', ['classification'])).toThrow(
			/Alert Rule cannot use this item: classification\.category: Required/,
		);
		try {
			readClosedLoopItem({ feedback: minimalFeedback }, 'Alert Rule', ['classification']);
			throw new Error('expected a failure');
		} catch (error) {
			expect((error as FeedbackError).message).toBe('Alert Rule needs "classification" on each item, and this item has none');
			expect((error as FeedbackError).hint).toMatch(/It is set by Score & Classify/);
		}
	});
});
