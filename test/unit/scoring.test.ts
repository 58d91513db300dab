import { FeedbackError } from '../../nodes/core/feedback';
import type { Metric } from '../../nodes/core/feedback';
import { buildMetric, categorize, classifyScores, defaultThresholds, parseScore } from '../../nodes/core/scoring';

const nps = (score: number): Metric => buildMetric('nps', score, 'score');

describe('parseScore', () => {
	it.each([
		[7, 7],
		['9', 9],
		[' 3 ', 3],
		['4,5', 4.5],
		[0, 0],
	])('reads %p as %p', (raw, expected) => {
		expect(parseScore(raw, 'score')).toBe(expected);
	});

	it.each([undefined, null, '', '   '])('refuses a missing score (%p) and names the field', (raw) => {
		expect(() => parseScore(raw, 'answers.nps')).toThrow(/Missing score: "answers.nps"/);
	});

	it.each([
		['abc', /"score" must be a number, got "abc"/],
		[true, /must be a number, got true/],
		[{}, /got an object/],
		[[3], /got a list/],
		[Number.NaN, /must be a number/],
		[Number.POSITIVE_INFINITY, /must be a number/],
	])('refuses the non-number %p', (raw, message) => {
		expect(() => parseScore(raw, 'score')).toThrow(message);
	});

	it('throws a FeedbackError carrying the field', () => {
		try {
			parseScore('x', 'survey.q1');
			throw new Error('expected a failure');
		} catch (error) {
			expect(error).toBeInstanceOf(FeedbackError);
			expect((error as FeedbackError).field).toBe('survey.q1');
		}
	});
});

describe('NPS', () => {
	it.each([
		[0, 'detractor'],
		[6, 'detractor'],
		[7, 'passive'],
		[8, 'passive'],
		[9, 'promoter'],
		[10, 'promoter'],
	])('scores %p as a %s', (score, category) => {
		expect(categorize(nps(score)).category).toBe(category);
	});

	it.each([-1, 11, 100])('refuses %p as out of range, naming the field and the scale', (score) => {
		expect(() => buildMetric('nps', score, 'nps_answer')).toThrow(
			new RegExp(`"nps_answer" is ${score}, outside the NPS scale 0-10`),
		);
	});

	it('refuses a fractional NPS', () => {
		expect(() => buildMetric('nps', 7.5, 'score')).toThrow(/whole number from 0 to 10/);
	});

	it('refuses an NPS on any other scale', () => {
		expect(() => buildMetric('nps', 3, 'score', { scaleMin: 1, scaleMax: 5 })).toThrow(/NPS is always scored 0-10/);
	});

	it('explains its category in the reason', () => {
		expect(categorize(nps(3)).reason).toBe('NPS 3 (0-10) is a detractor (0-6)');
	});
});

describe('CSAT', () => {
	it.each([
		[1, 'dissatisfied'],
		[2, 'dissatisfied'],
		[3, 'neutral'],
		[4, 'satisfied'],
		[5, 'satisfied'],
	])('on the default 1-5 scale, %p is %s', (score, category) => {
		expect(categorize(buildMetric('csat', score, 'csat')).category).toBe(category);
	});

	it.each([
		[{ scaleMin: 1, scaleMax: 7 }, 2, 'dissatisfied'],
		[{ scaleMin: 1, scaleMax: 7 }, 3, 'neutral'],
		[{ scaleMin: 1, scaleMax: 7 }, 6, 'satisfied'],
		[{ scaleMin: 1, scaleMax: 10 }, 8, 'neutral'],
		[{ scaleMin: 1, scaleMax: 10 }, 9, 'satisfied'],
		[{ scaleMin: 0, scaleMax: 1 }, 0, 'dissatisfied'],
		[{ scaleMin: 0, scaleMax: 1 }, 1, 'satisfied'],
	])('on scale %p, %p is %s (top and bottom two boxes)', (scale, score, category) => {
		expect(categorize(buildMetric('csat', score, 'csat', scale)).category).toBe(category);
	});

	it.each([
		['good', 1, 'satisfied'],
		['Bad', 0, 'dissatisfied'],
		[' GOOD ', 1, 'satisfied'],
	])('reads Zendesk’s %p as %p on a 0-1 scale (%s)', (word, score, category) => {
		const metric = buildMetric('csat', word, 'satisfaction_rating.score');
		expect(metric).toEqual({ type: 'csat', score, scaleMin: 0, scaleMax: 1, questionId: null });
		expect(categorize(metric).category).toBe(category);
	});

	it.each(['offered', 'unoffered'])('refuses Zendesk’s %p: the customer has not rated yet', (word) => {
		expect(() => buildMetric('csat', word, 'satisfaction_rating.score')).toThrow(/has not rated yet/);
	});

	it('does not read good/bad as an NPS score', () => {
		expect(() => buildMetric('nps', 'good', 'score')).toThrow(/must be a number/);
	});

	it('uses thresholds the user set', () => {
		const metric = buildMetric('csat', 4, 'csat');
		expect(categorize(metric, { csat: { goodFrom: 5 } }).category).toBe('neutral');
		expect(categorize(metric, { csat: { goodFrom: 5, badUpTo: 4 } }).category).toBe('dissatisfied');
	});

	it('refuses thresholds that overlap', () => {
		expect(() => categorize(buildMetric('csat', 3, 'csat'), { csat: { goodFrom: 3, badUpTo: 3 } })).toThrow(
			/CSAT thresholds overlap/,
		);
	});

	it.each([0, 6])('refuses %p on 1-5', (score) => {
		expect(() => buildMetric('csat', score, 'csat')).toThrow(/outside the CSAT scale 1-5/);
	});

	it('refuses a scale that goes backwards', () => {
		expect(() => buildMetric('csat', 3, 'csat', { scaleMin: 5, scaleMax: 1 })).toThrow(
			/must go from a lower to a higher number, got 5-1/,
		);
	});
});

describe('CES', () => {
	it.each([
		[1, 'difficult'],
		[3, 'difficult'],
		[4, 'neutral'],
		[5, 'easy'],
		[7, 'easy'],
	])('on the default 1-7 scale, %p is %s', (score, category) => {
		expect(categorize(buildMetric('ces', score, 'ces')).category).toBe(category);
	});

	it('splits other scales at their midpoint', () => {
		expect(defaultThresholds('ces', { scaleMin: 1, scaleMax: 5 })).toEqual({ goodFrom: 4, badUpTo: 2 });
		expect(defaultThresholds('ces', { scaleMin: 1, scaleMax: 10 })).toEqual({ goodFrom: 6, badUpTo: 5 });
	});

	it('refuses 8 on 1-7', () => {
		expect(() => buildMetric('ces', 8, 'effort')).toThrow(/"effort" is 8, outside the CES scale 1-7/);
	});
});

describe('classifyScores', () => {
	const csat = buildMetric('csat', 5, 'csat');
	const ces = buildMetric('ces', 2, 'ces');

	it('classifies every metric and lets NPS drive by default', () => {
		const result = classifyScores([csat, nps(4), ces]);
		expect(result.category).toBe('detractor');
		expect(result.primaryMetric).toBe('nps');
		expect(result.metrics.map((metric) => [metric.type, metric.category])).toEqual([
			['csat', 'satisfied'],
			['nps', 'detractor'],
			['ces', 'difficult'],
		]);
		expect(result.reasons).toHaveLength(3);
	});

	it('falls back to CSAT, then CES when there is no NPS', () => {
		expect(classifyScores([ces, csat]).primaryMetric).toBe('csat');
		expect(classifyScores([ces]).category).toBe('difficult');
	});

	it('lets the user choose the driving metric', () => {
		const result = classifyScores([csat, nps(4), ces], { primaryMetric: 'ces' });
		expect(result).toMatchObject({ category: 'difficult', primaryMetric: 'ces' });
	});

	it('fails naming feedback.metrics when there is nothing to score', () => {
		expect(() => classifyScores([])).toThrow(/has no NPS, CSAT, CES or rating score/);
		try {
			classifyScores([csat], { primaryMetric: 'nps' });
			throw new Error('expected a failure');
		} catch (error) {
			expect((error as FeedbackError).field).toBe('feedback.metrics');
			expect((error as Error).message).toBe('This response has no NPS score (scores present: CSAT)');
		}
	});

	it('passes an unscored response on with a null category when allowed', () => {
		const result = classifyScores([], { allowUnscored: true });
		expect(result.category).toBeNull();
		expect(result.reasons).toEqual(['Not scored: this response has no NPS, CSAT, CES or rating score to classify']);
	});
});
