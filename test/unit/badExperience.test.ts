import {
	DEFAULT_BAD_EXPERIENCE_RULE,
	LOW_SCORE_CATEGORIES,
	checkRuleTopics,
	evaluateBadExperience,
	parseBadExperienceRule,
	ruleTopicIds,
} from '../../nodes/core/badExperience';
import type { BadExperienceInput, BadExperienceRule } from '../../nodes/core/badExperience';
import type { MetricType } from '../../nodes/core/feedback';
import type { SentimentLabel } from '../../nodes/core/priority';
import type { ScoringOptions } from '../../nodes/core/scoring';
import { buildMetric, classifyScores } from '../../nodes/core/scoring';
import { tagTopics } from '../../nodes/core/topics';
import { feedbackError } from './expectations';

type Score = [MetricType, number | string, number?, number?];

/** A response as Score & Classify sees it: scores classified by the real scoring code. */
function response(
	scores: Score[],
	sentimentLabel: SentimentLabel | null = null,
	topics: string[] = [],
	options: ScoringOptions = {},
): BadExperienceInput {
	const metrics = scores.map(([type, score, scaleMin, scaleMax]) => buildMetric(type, score, type, { scaleMin, scaleMax }));
	const classified = classifyScores(metrics, { allowUnscored: true, ...options });
	return { metrics: classified.metrics, category: classified.category, sentimentLabel, topics };
}

const isBad = (input: BadExperienceInput, rule?: BadExperienceRule) => evaluateBadExperience(input, rule).badExperience;

describe('default rule', () => {
	it.each([
		[0, true],
		[6, true],
		[7, false],
		[8, false],
		[10, false],
	])('NPS %p without a comment: bad experience %p', (score, expected) => {
		expect(isBad(response([['nps', score]]))).toBe(expected);
	});

	it.each([
		[1, true],
		[2, true],
		[3, false],
		[5, false],
	])('CSAT %p on 1-5 without a comment: bad experience %p', (score, expected) => {
		expect(isBad(response([['csat', score]]))).toBe(expected);
	});

	it.each([
		[1, true],
		[2, true],
		[3, false],
		[7, false],
	])('CSAT %p on 1-7 (dissatisfied is the bottom two boxes): bad experience %p', (score, expected) => {
		expect(isBad(response([['csat', score, 1, 7]]))).toBe(expected);
	});

	it.each([
		['bad', true],
		['good', false],
	])('a "%s" two-point satisfaction rating: bad experience %p', (score, expected) => {
		expect(isBad(response([['csat', score]]))).toBe(expected);
	});

	it('keeps "CSAT 2 or less" on 1-5 even when the thresholds make 2 neutral', () => {
		const input = response([['csat', 2]], null, [], { csat: { badUpTo: 1 } });
		expect(input.category).toBe('neutral');
		expect(isBad(input)).toBe(true);
	});

	it('follows thresholds that make 3 dissatisfied on 1-5', () => {
		expect(isBad(response([['csat', 3]], null, [], { csat: { badUpTo: 3, goodFrom: 4 } }))).toBe(true);
		expect(isBad(response([['csat', 3]]))).toBe(false);
	});

	it.each<[string, Score, SentimentLabel | null, boolean]>([
		['NPS 8 (passive), negative comment', ['nps', 8], 'negative', true],
		['NPS 7 (passive), negative comment', ['nps', 7], 'negative', true],
		['NPS 9 (promoter), negative comment', ['nps', 9], 'negative', false],
		['NPS 8 (passive), neutral comment', ['nps', 8], 'neutral', false],
		['NPS 8 (passive), no comment', ['nps', 8], null, false],
		['CSAT 3 (neutral), negative comment', ['csat', 3], 'negative', true],
		['CSAT 4 (satisfied), negative comment', ['csat', 4], 'negative', false],
		['CES 3 on 1-7 (difficult), negative comment', ['ces', 3], 'negative', true],
		['CES 3 on 1-7 (difficult), no comment', ['ces', 3], null, false],
		['CES 4 on 1-7 (neutral), negative comment', ['ces', 4], 'negative', true],
		['CES 5 on 1-7 (easy), negative comment', ['ces', 5], 'negative', false],
		['rating 2 (dissatisfied), no comment', ['rating', 2], null, false],
		['rating 2 (dissatisfied), negative comment', ['rating', 2], 'negative', true],
		['rating 5 (satisfied), negative comment', ['rating', 5], 'negative', false],
	])('negative sentiment on a low score: %s → %p', (_, score, sentiment, expected) => {
		expect(isBad(response([score], sentiment))).toBe(expected);
	});

	it('is not a bad experience without any score, even with a negative comment', () => {
		const input = response([], 'negative');
		expect(input.category).toBeNull();
		expect(evaluateBadExperience(input)).toEqual({
			badExperience: false,
			reasons: [
				'Not a bad experience: NPS detractor (no NPS score); CSAT 2 or less (no CSAT score); CSAT dissatisfied (no CSAT score); negative comment on a low score (no score category)',
			],
		});
	});

	it('checks the NPS and CSAT of a response that has both, whichever drives', () => {
		expect(isBad(response([['nps', 9], ['csat', 1]]))).toBe(true);
		expect(isBad(response([['csat', 5], ['nps', 2]], null, [], { primaryMetric: 'csat' }))).toBe(true);
		expect(isBad(response([['nps', 9], ['csat', 4]]))).toBe(false);
	});

	it('says which conditions made it a bad experience', () => {
		expect(evaluateBadExperience(response([['csat', 2]], 'negative'))).toEqual({
			badExperience: true,
			reasons: [
				'Bad experience: CSAT 2 or less (CSAT 2 on 1-5 is 2 or less); CSAT dissatisfied (CSAT 2 on 1-5 is dissatisfied); negative comment on a low score (negative comment and category dissatisfied)',
			],
		});
		expect(evaluateBadExperience(response([['nps', 3]])).reasons).toEqual([
			'Bad experience: NPS detractor (NPS 3 on 0-10 is detractor)',
		]);
	});

	it('says why it is not one', () => {
		expect(evaluateBadExperience(response([['nps', 9]], 'negative')).reasons).toEqual([
			'Not a bad experience: NPS detractor (NPS 9 on 0-10 is promoter, not detractor); CSAT 2 or less (no CSAT score); CSAT dissatisfied (no CSAT score); negative comment on a low score (category promoter, not detractor or passive or dissatisfied or neutral or difficult)',
		]);
		expect(evaluateBadExperience(response([['csat', 3, 0, 10]])).reasons[0]).toContain(
			'CSAT 2 or less (CSAT 3 on 0-10 is not on the 1-5 scale)',
		);
	});

	it('is data in the same condition model, frozen and valid', () => {
		expect(parseBadExperienceRule(DEFAULT_BAD_EXPERIENCE_RULE)).toEqual(DEFAULT_BAD_EXPERIENCE_RULE);
		expect(Object.isFrozen(DEFAULT_BAD_EXPERIENCE_RULE.conditions)).toBe(true);
		expect(DEFAULT_BAD_EXPERIENCE_RULE.combine).toBe('any');
		expect(LOW_SCORE_CATEGORIES).toEqual(['detractor', 'passive', 'dissatisfied', 'neutral', 'difficult']);
	});
});

describe('custom rules', () => {
	const veryLowCsatAndPurchase = parseBadExperienceRule(
		JSON.stringify({
			combine: 'all',
			conditions: [
				{ kind: 'metric', metric: 'csat', atMost: 1, label: 'very low CSAT' },
				{ kind: 'topic', any: ['purchase'] },
			],
		}),
	);

	it.each<[string, Score, string[], boolean]>([
		['CSAT 1 and purchase', ['csat', 1], ['purchase'], true],
		['CSAT 1, purchase among others', ['csat', 1], ['delivery', 'purchase'], true],
		['CSAT 2 and purchase', ['csat', 2], ['purchase'], false],
		['CSAT 1 and delivery only', ['csat', 1], ['delivery'], false],
		['CSAT 1 and no topic', ['csat', 1], [], false],
		['NPS 0 and purchase', ['nps', 0], ['purchase'], false],
	])('"very low CSAT and the comment mentions purchase": %s → %p', (_, score, topics, expected) => {
		expect(isBad(response([score], null, topics), veryLowCsatAndPurchase)).toBe(expected);
	});

	it('works with the topics the tagger finds in a comment', () => {
		const topics = tagTopics("Très déçue, j'ai acheté un canapé livré cassé").map((match) => match.topic);
		expect(topics).toContain('purchase');
		expect(evaluateBadExperience(response([['csat', 1]], 'negative', topics), veryLowCsatAndPurchase)).toEqual({
			badExperience: true,
			reasons: ['Bad experience: very low CSAT (CSAT 1 on 1-5 is 1 or less) and the comment mentions purchase'],
		});
		const other = tagTopics('Livreur très en retard').map((match) => match.topic);
		expect(evaluateBadExperience(response([['csat', 1]], 'negative', other), veryLowCsatAndPurchase).reasons).toEqual([
			'Not a bad experience: the comment does not mention purchase',
		]);
	});

	it('"any" needs one condition, "all" needs every one', () => {
		const conditions: BadExperienceRule['conditions'] = [
			{ kind: 'metric', metric: 'csat', atMost: 2 },
			{ kind: 'sentiment', is: ['negative'] },
		];
		const any: BadExperienceRule = { combine: 'any', conditions };
		const all: BadExperienceRule = { combine: 'all', conditions };
		expect([isBad(response([['csat', 2]], 'positive'), any), isBad(response([['csat', 2]], 'positive'), all)]).toEqual([true, false]);
		expect([isBad(response([['csat', 4]], 'negative'), any), isBad(response([['csat', 4]], 'negative'), all)]).toEqual([true, false]);
		expect([isBad(response([['csat', 2]], 'negative'), any), isBad(response([['csat', 2]], 'negative'), all)]).toEqual([true, true]);
		expect([isBad(response([['csat', 4]], 'neutral'), any), isBad(response([['csat', 4]], 'neutral'), all)]).toEqual([false, false]);
	});

	it('nests groups for an "and" inside an "or"', () => {
		const rule: BadExperienceRule = {
			combine: 'any',
			conditions: [
				{ kind: 'metric', metric: 'nps', atMost: 3 },
				{
					kind: 'group',
					combine: 'all',
					conditions: [
						{ kind: 'topic', any: ['billing'] },
						{ kind: 'category', is: ['passive', 'detractor'] },
					],
				},
			],
		};
		expect(isBad(response([['nps', 2]]), rule)).toBe(true);
		expect(isBad(response([['nps', 8]], null, ['billing']), rule)).toBe(true);
		expect(isBad(response([['nps', 8]], null, ['delivery']), rule)).toBe(false);
		expect(isBad(response([['nps', 10]], null, ['billing']), rule)).toBe(false);
		expect(evaluateBadExperience(response([['nps', 8]], null, ['billing']), rule).reasons).toEqual([
			'Bad experience: (the comment mentions billing and category passive)',
		]);
	});

	it('reads a category condition on the driving category, or on one score with "metric"', () => {
		const input = response([['nps', 8], ['csat', 1]]);
		expect(input.category).toBe('passive');
		expect(isBad(input, { combine: 'any', conditions: [{ kind: 'category', is: ['dissatisfied'] }] })).toBe(false);
		expect(isBad(input, { combine: 'any', conditions: [{ kind: 'category', metric: 'csat', is: ['dissatisfied'] }] })).toBe(true);
		expect(isBad(input, { combine: 'any', conditions: [{ kind: 'category', is: ['passive'] }] })).toBe(true);
	});

	it('reads bounds inclusively, with atLeast, atMost or both', () => {
		const between: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'metric', metric: 'ces', atLeast: 2, atMost: 3 }] };
		expect([1, 2, 3, 4].map((score) => isBad(response([['ces', score]]), between))).toEqual([false, true, true, false]);
		const atLeast: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'metric', metric: 'rating', atLeast: 5 }] };
		expect([4, 5].map((score) => isBad(response([['rating', score]]), atLeast))).toEqual([false, true]);
	});

	it('limits a metric condition to one scale when asked', () => {
		const rule: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat', atMost: 2, scaleMin: 1, scaleMax: 5 }] };
		expect(isBad(response([['csat', 2]]), rule)).toBe(true);
		expect(isBad(response([['csat', 2, 1, 10]]), rule)).toBe(false);
		expect(isBad(response([['csat', 2, 0, 5]]), rule)).toBe(false);
	});

	it('is met when any of several scores of the same kind is', () => {
		const rule: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat', atMost: 1 }] };
		expect(isBad(response([['csat', 5], ['csat', 1]]), rule)).toBe(true);
		expect(isBad(response([['csat', 5], ['csat', 2]]), rule)).toBe(false);
	});

	it('counts no sentiment as unknown', () => {
		const rule: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'sentiment', is: ['unknown'] }] };
		expect(isBad(response([['nps', 9]], null), rule)).toBe(true);
		expect(isBad(response([['nps', 9]], 'unknown'), rule)).toBe(true);
		expect(isBad(response([['nps', 9]], 'positive'), rule)).toBe(false);
	});

	it('compares topic ids without regard to case', () => {
		const rule: BadExperienceRule = { combine: 'any', conditions: [{ kind: 'topic', any: ['Purchase'] }] };
		expect(isBad(response([['nps', 9]], null, ['purchase']), rule)).toBe(true);
		expect(isBad({ ...response([['nps', 9]]), topics: undefined }, rule)).toBe(false);
	});
});

describe('rule validation', () => {
	it.each<[string, unknown, RegExp, string]>([
		['a metric condition without bounds', { combine: 'all', conditions: [{ kind: 'metric', metric: 'csat' }] }, /condition 1 \(metric\): give "atMost", "atLeast" or both/, 'badExperienceRule.conditions[0]'],
		['bounds that can never be met', { combine: 'any', conditions: [{ kind: 'sentiment', is: ['negative'] }, { kind: 'metric', metric: 'csat', atLeast: 4, atMost: 2 }] }, /condition 2 \(metric\): "atLeast" \(4\) is above "atMost" \(2\)/, 'badExperienceRule.conditions[1]'],
		['a bad scale', { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat', atMost: 2, scaleMin: 5, scaleMax: 1 }] }, /"scaleMin" \(5\) must be below "scaleMax" \(1\)/, 'badExperienceRule.conditions[0]'],
		['an unknown kind', { combine: 'any', conditions: [{ kind: 'nps' }] }, /condition 1: unknown kind "nps" \(use category, metric, sentiment, topic, group\)/, 'badExperienceRule.conditions[0].kind'],
		['a condition without kind', { combine: 'any', conditions: [{ is: ['detractor'] }] }, /condition 1: no kind/, 'badExperienceRule.conditions[0].kind'],
		['a condition that is not an object', { combine: 'any', conditions: ['detractor'] }, /condition 1: must be an object/, 'badExperienceRule.conditions[0]'],
		['a category the metric does not have', { combine: 'any', conditions: [{ kind: 'category', metric: 'nps', is: ['satisfied'] }] }, /condition 1 \(category\): NPS has no satisfied category \(its categories are detractor, passive, promoter\)/, 'badExperienceRule.conditions[0].is'],
		['an unknown category', { combine: 'any', conditions: [{ kind: 'category', is: ['angry'] }] }, /condition 1 \(category\): "is" has "angry", which is not one of/, 'badExperienceRule.conditions[0].is[0]'],
		['an unknown sentiment', { combine: 'any', conditions: [{ kind: 'sentiment', is: ['angry'] }] }, /condition 1 \(sentiment\): "is" has "angry", which is not one of negative, neutral, positive, unknown/, 'badExperienceRule.conditions[0].is[0]'],
		['an empty category list', { combine: 'any', conditions: [{ kind: 'category', is: [] }] }, /condition 1 \(category\): "is" lists no category/, 'badExperienceRule.conditions[0].is'],
		['a missing category list', { combine: 'any', conditions: [{ kind: 'category' }] }, /condition 1 \(category\): "is" is missing/, 'badExperienceRule.conditions[0].is'],
		['an empty topic list in a group', { combine: 'any', conditions: [{ kind: 'topic', any: ['x'] }, { kind: 'group', combine: 'all', conditions: [{ kind: 'topic', any: [] }] }] }, /condition 2\.1 \(topic\): "any" lists no topic/, 'badExperienceRule.conditions[1].conditions[0].any'],
		['a misspelt setting', { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat', atmost: 2 }] }, /condition 1 \(metric\): unknown setting "atmost"/, 'badExperienceRule.conditions[0]'],
		['a bound that is not a number', { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat', atMost: '2' }] }, /condition 1 \(metric\): "atMost" must be a number/, 'badExperienceRule.conditions[0].atMost'],
		['an unknown metric', { combine: 'any', conditions: [{ kind: 'metric', metric: 'ces2', atMost: 2 }] }, /"metric" must be nps, csat, ces or rating/, 'badExperienceRule.conditions[0].metric'],
		['no conditions', { combine: 'any', conditions: [] }, /"conditions" is empty: add at least one condition/, 'badExperienceRule.conditions'],
		['an unknown combine', { combine: 'some', conditions: [{ kind: 'topic', any: ['x'] }] }, /"combine" must be "any" or "all"/, 'badExperienceRule.combine'],
		['a group without combine', { combine: 'any', conditions: [{ kind: 'group', conditions: [{ kind: 'topic', any: ['x'] }] }] }, /condition 1 \(group\): "combine" is missing/, 'badExperienceRule.conditions[0].combine'],
		['groups nested too deep', { combine: 'any', conditions: [{ kind: 'group', combine: 'any', conditions: [{ kind: 'group', combine: 'any', conditions: [{ kind: 'group', combine: 'any', conditions: [{ kind: 'group', combine: 'any', conditions: [{ kind: 'topic', any: ['x'] }] }] }] }] }] }, /condition 1\.1\.1\.1 \(group\): groups can be nested 3 deep at most/, 'badExperienceRule.conditions[0].conditions[0].conditions[0].conditions[0]'],
		['an unknown rule setting', { combine: 'any', when: 'always', conditions: [{ kind: 'topic', any: ['x'] }] }, /unknown setting "when"/, 'badExperienceRule'],
		['a list instead of a rule', [{ kind: 'topic', any: ['x'] }], /must be an object with "combine" and "conditions"/, 'badExperienceRule'],
		['text that is not JSON', '{ combine: any }', /not valid JSON/, 'badExperienceRule'],
	])('refuses %s, naming the condition', (_, rule, message, field) => {
		const error = feedbackError(() => parseBadExperienceRule(rule));
		expect(error.message).toMatch(message);
		expect(error.field).toBe(field);
	});

	it('refuses an invalid rule given straight to evaluateBadExperience', () => {
		const rule = { combine: 'any', conditions: [{ kind: 'metric', metric: 'csat' }] } as unknown as BadExperienceRule;
		expect(feedbackError(() => evaluateBadExperience(response([['csat', 1]]), rule)).message).toMatch(/give "atMost"/);
	});

	it('uses the field it is given', () => {
		expect(feedbackError(() => parseBadExperienceRule({ conditions: [] }, 'options.rule')).field).toBe('options.rule.conditions');
	});

	it('defaults combine to any', () => {
		expect(parseBadExperienceRule({ conditions: [{ kind: 'topic', any: ['x'] }] }).combine).toBe('any');
	});

	it('lists the topics a rule mentions and checks them against the library', () => {
		const rule = parseBadExperienceRule({
			conditions: [
				{ kind: 'topic', any: ['purchase', 'billing'] },
				{ kind: 'group', combine: 'all', conditions: [{ kind: 'topic', any: ['Purchse'] }, { kind: 'sentiment', is: ['negative'] }] },
			],
		});
		expect(ruleTopicIds(rule)).toEqual(['purchase', 'billing', 'Purchse']);
		const error = feedbackError(() => checkRuleTopics(rule, ['delivery', 'Purchase', 'billing']));
		expect(error.message).toMatch(/mentions "Purchse", which is not a topic of the library \(topics: delivery, Purchase, billing\)/);
		expect(() => checkRuleTopics(rule, ['purchase', 'billing', 'purchse'])).not.toThrow();
	});
});
