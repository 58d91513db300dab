import {
	REGEX_MAX_INPUT_LENGTH,
	RULE_OPERATORS,
	compileRules,
	conditionFromEditorRow,
	evaluateRules,
	parseRuleSet,
	regexHazard,
	ruleSchema,
} from '../../nodes/core/rules';
import type { Condition, ConditionGroup, MatchMode } from '../../nodes/core/rules';
import { z } from 'zod';
import { feedbackError } from './expectations';

/** A classified item, as Score & Classify leaves it. */
function classifiedItem(overrides: { feedback?: Record<string, unknown>; classification?: Record<string, unknown> } = {}) {
	return {
		feedback: {
			id: 'r-1',
			revision: 1,
			source: 'delighted',
			touchpoint: 'delivery',
			submittedAt: '2026-03-02T10:00:00Z',
			respondent: { customerId: 'c-9', email: 'ana@example.com', segment: 'VIP', value: 1200 },
			metrics: [{ type: 'nps', score: 3, scaleMin: 0, scaleMax: 10, questionId: null }],
			comment: 'Livraison très en retard, colis abîmé',
			hidden: { store: 'Lyon Part-Dieu', region: 'Île-de-France', visits: '12', tags: ['late', 'Damaged'] },
			...overrides.feedback,
		},
		classification: {
			category: 'detractor',
			primaryMetric: 'nps',
			metrics: [],
			sentiment: { score: -4, comparative: -0.5, label: 'negative', language: 'fr' },
			topics: [
				{ topic: 'delivery', label: 'Livraison', matched: ['Livraison', 'colis'] },
				{ topic: 'quality', label: 'Qualité', matched: ['abîmé'] },
			],
			priority: 'P1',
			badExperience: true,
			reasons: [],
			...overrides.classification,
		},
	};
}

/** One rule with one condition, evaluated on an item: its outcome and the reason text. */
function check(condition: Record<string, unknown>, item: unknown = classifiedItem()): { met: boolean; reason: string } {
	const compiled = compileRules({ rules: [{ name: 'Probe', when: { combine: 'all', conditions: [condition] } }] });
	const result = evaluateRules(compiled, item);
	if (result.matches.length) return { met: true, reason: result.matches[0].reasons.join(' | ') };
	return { met: false, reason: result.noMatchReason ?? '' };
}

const ruleSet = (conditions: Array<Record<string, unknown>>, combine = 'all') => ({
	rules: [{ name: 'Probe', when: { combine, conditions } }],
});

describe('operators', () => {
	it('equals: text folded (case, accents), numbers, booleans; reasons show the actual value', () => {
		expect(check({ field: 'feedback.touchpoint', operator: 'equals', value: 'Delivery' })).toEqual({
			met: true,
			reason: 'feedback.touchpoint equals "Delivery" (it is "delivery")',
		});
		expect(check({ field: 'feedback.hidden.region', operator: 'equals', value: 'ile-de-france' }).met).toBe(true);
		expect(check({ field: 'feedback.touchpoint', operator: 'equals', value: 'store' })).toEqual({
			met: false,
			reason: 'No rule matched: rule 1 "Probe": feedback.touchpoint equals "store" is not met (it is "delivery")',
		});
		expect(check({ field: 'feedback.respondent.value', operator: 'equals', value: '1200' }).met).toBe(true);
		expect(check({ field: 'feedback.hidden.visits', operator: 'equals', value: 12 }).met).toBe(true);
		expect(check({ field: 'classification.badExperience', operator: 'equals', value: true }).met).toBe(true);
		expect(check({ field: 'classification.badExperience', operator: 'equals', value: 'false' }).met).toBe(false);
	});

	it('equals and notEquals on a list: any element counts for equals, none for notEquals', () => {
		expect(check({ field: 'feedback.hidden.tags', operator: 'equals', value: 'damaged' }).met).toBe(true);
		expect(check({ field: 'feedback.hidden.tags', operator: 'notEquals', value: 'damaged' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.tags', operator: 'notEquals', value: 'lost' })).toEqual({
			met: true,
			reason: 'feedback.hidden.tags does not equal "lost" (it is ["late", "Damaged"])',
		});
	});

	it('notEquals: met, not met, and a missing field is not met', () => {
		expect(check({ field: 'feedback.touchpoint', operator: 'notEquals', value: 'store' }).met).toBe(true);
		expect(check({ field: 'feedback.touchpoint', operator: 'notEquals', value: 'DELIVERY' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.city', operator: 'notEquals', value: 'Paris' })).toEqual({
			met: false,
			reason: 'No rule matched: rule 1 "Probe": feedback.hidden.city does not equal "Paris" is not met (the item has no feedback.hidden.city)',
		});
	});

	it('a missing field or null meets no value condition, and the reason says so', () => {
		expect(check({ field: 'feedback.hidden.store', operator: 'equals', value: 'Lyon' }, classifiedItem({ feedback: { hidden: {} } })).reason).toContain(
			'(the item has no feedback.hidden.store)',
		);
		expect(check({ field: 'feedback.touchpoint', operator: 'contains', value: 'x' }, classifiedItem({ feedback: { touchpoint: null } })).reason).toContain(
			'(it is empty (null))',
		);
		expect(check({ field: 'nothing.here.at.all', operator: 'gt', value: 1 }).met).toBe(false);
	});

	it.each([
		['lt', 4, true],
		['lt', 3, false],
		['lte', 3, true],
		['lte', 2, false],
		['gt', 2, true],
		['gt', 3, false],
		['gte', 3, true],
		['gte', 4, false],
	])('%s %d on a score of 3: %s', (operator, value, met) => {
		expect(check({ field: 'feedback.metrics[0].score', operator, value }).met).toBe(met);
	});

	it('comparisons coerce numeric text on either side, and compare ISO dates as times', () => {
		expect(check({ field: 'feedback.hidden.visits', operator: 'gte', value: '10' })).toEqual({
			met: true,
			reason: 'feedback.hidden.visits >= 10 (it is "12")',
		});
		expect(check({ field: 'feedback.submittedAt', operator: 'lt', value: '2026-03-02T11:00:00+01:00' }).met).toBe(false);
		expect(check({ field: 'feedback.submittedAt', operator: 'gt', value: '2026-03-01' }).met).toBe(true);
	});

	it('a comparison on text that is no number is a type mismatch: not met, with the reason', () => {
		expect(check({ field: 'feedback.touchpoint', operator: 'lt', value: 5 })).toEqual({
			met: false,
			reason: 'No rule matched: rule 1 "Probe": feedback.touchpoint < 5 is not met (it is "delivery", not a number)',
		});
		expect(check({ field: 'feedback.touchpoint', operator: 'gt', value: '2026-01-01' }).reason).toContain('not an ISO date');
		expect(check({ field: 'feedback.hidden', operator: 'gte', value: 1 }).reason).toContain('(it is an object, not a number)');
	});

	it('contains ignores accents and case, on both sides', () => {
		expect(check({ field: 'feedback.comment', operator: 'contains', value: 'TRES EN RETARD' })).toEqual({
			met: true,
			reason: 'feedback.comment contains "TRES EN RETARD" (it is "Livraison très en retard, colis abîmé")',
		});
		expect(check({ field: 'feedback.comment', operator: 'contains', value: 'abime' }).met).toBe(true);
		expect(check({ field: 'feedback.comment', operator: 'contains', value: 'Abîmé' }, classifiedItem({ feedback: { comment: 'ABIME' } })).met).toBe(true);
		expect(check({ field: 'feedback.comment', operator: 'contains', value: 'remboursement' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.tags', operator: 'contains', value: 'dam' }).met).toBe(true);
		const long = `${'Le magasin était propre et le parking facile. '.repeat(4)}Mais la LIVRAISON à domicile a pris TROIS SEMAINES.`;
		expect(check({ field: 'feedback.comment', operator: 'contains', value: 'livraison a domicile' }, classifiedItem({ feedback: { comment: long } })).met).toBe(true);
		expect(check({ field: 'feedback.hidden', operator: 'contains', value: 'x' }).reason).toContain('(it is an object, not text)');
	});

	it('inList compares folded text, numbers and list elements', () => {
		expect(check({ field: 'feedback.hidden.region', operator: 'inList', value: ['Bretagne', 'ÎLE DE FRANCE'] })).toEqual({
			met: true,
			reason: 'feedback.hidden.region is one of "Bretagne", "ÎLE DE FRANCE" (it is "Île-de-France")',
		});
		expect(check({ field: 'feedback.hidden.region', operator: 'inList', value: ['Bretagne', 'Normandie'] }).met).toBe(false);
		expect(check({ field: 'feedback.metrics.0.score', operator: 'inList', value: [0, 1, '3'] }).met).toBe(true);
		expect(check({ field: 'feedback.hidden.tags', operator: 'inList', value: ['lost', 'DAMAGED'] }).met).toBe(true);
		expect(check({ field: 'feedback.channel', operator: 'inList', value: ['email'] }).reason).toContain('the item has no feedback.channel');
	});

	it('isEmpty and isNotEmpty: null, missing, blank text, [] and {} are empty', () => {
		const empty = classifiedItem({ feedback: { comment: '   ', answers: [], hidden: {}, touchpoint: null } });
		for (const field of ['feedback.comment', 'feedback.answers', 'feedback.hidden', 'feedback.touchpoint', 'feedback.nothing']) {
			expect(check({ field, operator: 'isEmpty' }, empty).met).toBe(true);
			expect(check({ field, operator: 'isNotEmpty' }, empty).met).toBe(false);
		}
		expect(check({ field: 'feedback.nothing', operator: 'isEmpty' }).reason).toBe('feedback.nothing is empty (the item has no feedback.nothing)');
		expect(check({ field: 'feedback.comment', operator: 'isNotEmpty' }).met).toBe(true);
		expect(check({ field: 'feedback.metrics.0.score', operator: 'isEmpty' }).met).toBe(false);
		expect(check({ field: 'classification.badExperience', operator: 'isNotEmpty' }, classifiedItem({ classification: { badExperience: false } })).met).toBe(true);
	});

	it('matchesRegex, with the ignoreCase option, on text and list elements', () => {
		expect(check({ field: 'feedback.hidden.store', operator: 'matchesRegex', value: '^Lyon\\b' })).toEqual({
			met: true,
			reason: 'feedback.hidden.store matches /^Lyon\\b/ (it is "Lyon Part-Dieu")',
		});
		expect(check({ field: 'feedback.hidden.store', operator: 'matchesRegex', value: '^lyon' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.store', operator: 'matchesRegex', value: '^lyon', ignoreCase: true }).met).toBe(true);
		expect(check({ field: 'feedback.hidden.tags', operator: 'matchesRegex', value: '^dam', ignoreCase: true }).met).toBe(true);
		expect(check({ field: 'feedback.hidden', operator: 'matchesRegex', value: 'x' }).reason).toContain('not text');
	});

	it('matchesRegex reads only the first REGEX_MAX_INPUT_LENGTH characters of a long text', () => {
		const long = `${'a'.repeat(REGEX_MAX_INPUT_LENGTH)}refund`;
		expect(check({ field: 'feedback.comment', operator: 'matchesRegex', value: 'refund' }, classifiedItem({ feedback: { comment: long } })).met).toBe(false);
		expect(check({ field: 'feedback.comment', operator: 'matchesRegex', value: 'refund' }, classifiedItem({ feedback: { comment: long.slice(10) } })).met).toBe(true);
	});

	it('hasTopic finds a topic by id or by label, folded, with classification.topics as the default field', () => {
		expect(check({ operator: 'hasTopic', value: 'DELIVERY' })).toEqual({
			met: true,
			reason: 'classification.topics has topic "DELIVERY" (its topics are "delivery", "quality")',
		});
		expect(check({ operator: 'hasTopic', value: 'qualite' }).met).toBe(true);
		expect(check({ operator: 'hasTopic', value: ['price', 'billing'] })).toEqual({
			met: false,
			reason: 'No rule matched: rule 1 "Probe": classification.topics has topic "price" or "billing" is not met (its topics are "delivery", "quality")',
		});
		expect(check({ operator: 'hasTopic', value: 'delivery' }, classifiedItem({ classification: { topics: undefined } })).reason).toContain(
			'the item has no classification.topics',
		);
		expect(check({ field: 'feedback.comment', operator: 'hasTopic', value: 'delivery' }).reason).toContain('(it is "Livraison très en retard, colis abîmé", not a list of topics)');
	});

	it('sentimentIs reads the label; no sentiment is "unknown"', () => {
		expect(check({ operator: 'sentimentIs', value: 'negative' })).toEqual({
			met: true,
			reason: 'classification.sentiment is negative (it is negative)',
		});
		expect(check({ field: 'classification.sentiment.label', operator: 'sentimentIs', value: ['neutral', 'negative'] }).met).toBe(true);
		expect(check({ operator: 'sentimentIs', value: 'positive' }).met).toBe(false);
		const unscored = classifiedItem({ classification: { sentiment: null } });
		expect(check({ operator: 'sentimentIs', value: 'unknown' }, unscored)).toEqual({
			met: true,
			reason: 'classification.sentiment is unknown (there is no sentiment, so it is unknown)',
		});
		expect(check({ operator: 'sentimentIs', value: 'negative' }, unscored).met).toBe(false);
		expect(check({ field: 'feedback.touchpoint', operator: 'sentimentIs', value: 'negative' }).reason).toContain('not a sentiment label');
	});

	it('priorityAtLeast: P1 is the highest, so at least P2 is P1 or P2', () => {
		expect(check({ operator: 'priorityAtLeast', value: 'P2' })).toEqual({
			met: true,
			reason: 'classification.priority is at least P2 (it is P1)',
		});
		expect(check({ operator: 'priorityAtLeast', value: 'p2' }, classifiedItem({ classification: { priority: 'P2' } })).met).toBe(true);
		expect(check({ operator: 'priorityAtLeast', value: 'P2' }, classifiedItem({ classification: { priority: 'P3' } }))).toEqual({
			met: false,
			reason: 'No rule matched: rule 1 "Probe": classification.priority is at least P2 is not met (it is P3)',
		});
		expect(check({ operator: 'priorityAtLeast', value: 'P4' }, classifiedItem({ classification: { priority: null } })).reason).toContain('it is empty (null)');
		expect(check({ operator: 'priorityAtLeast', value: 'P4' }, classifiedItem({ classification: { priority: 'urgent' } })).reason).toContain(
			'not a priority',
		);
	});

	it('never throws on odd items', () => {
		const compiled = compileRules(
			ruleSet(RULE_OPERATORS.map((operator) => ({ field: 'feedback.x', operator, value: sampleValue(operator) })), 'any'),
		);
		for (const item of [null, undefined, 42, 'text', [], { feedback: null }, { feedback: { x: { deep: [1, { a: 2 }] } } }]) {
			expect(() => evaluateRules(compiled, item)).not.toThrow();
		}
	});
});

function sampleValue(operator: string): unknown {
	const values: Record<string, unknown> = {
		inList: ['a'],
		hasTopic: 'delivery',
		sentimentIs: 'negative',
		priorityAtLeast: 'P2',
		matchesRegex: 'a',
		isEmpty: undefined,
		isNotEmpty: undefined,
		lt: 1,
		lte: 1,
		gt: 1,
		gte: 1,
	};
	return operator in values ? values[operator] : 'a';
}

describe('groups', () => {
	const late: Condition = { field: 'feedback.touchpoint', operator: 'equals', value: 'delivery' };
	const store: Condition = { field: 'feedback.touchpoint', operator: 'equals', value: 'store' };
	const detractor: Condition = { field: 'classification.category', operator: 'equals', value: 'detractor' };
	const vip: Condition = { field: 'feedback.respondent.segment', operator: 'equals', value: 'vip' };
	const evaluate = (when: ConditionGroup, item = classifiedItem()) =>
		evaluateRules(compileRules({ rules: [{ name: 'Nested', when }] }), item);

	it('an "any" group inside an "all" group; the reasons are the conditions that held', () => {
		const when: ConditionGroup = { combine: 'all', conditions: [detractor, { combine: 'any', conditions: [store, vip] }] };
		expect(evaluate(when).matches[0].reasons).toEqual([
			'classification.category equals "detractor" (it is "detractor")',
			'feedback.respondent.segment equals "vip" (it is "VIP")',
		]);
		const notVip = classifiedItem({ feedback: { respondent: { segment: 'standard' } } });
		expect(evaluate(when, notVip).noMatchReason).toBe(
			'No rule matched: rule 1 "Nested": none of its "any" conditions held: feedback.touchpoint equals "store" is not met (it is "delivery"); ' +
				'feedback.respondent.segment equals "vip" is not met (it is "standard")',
		);
	});

	it('an "all" group inside an "any" group', () => {
		const when: ConditionGroup = { combine: 'any', conditions: [store, { combine: 'all', conditions: [late, detractor] }] };
		expect(evaluate(when).matches[0].reasons).toEqual([
			'feedback.touchpoint equals "delivery" (it is "delivery")',
			'classification.category equals "detractor" (it is "detractor")',
		]);
		expect(evaluate(when, classifiedItem({ classification: { category: 'promoter' } })).matches).toEqual([]);
	});

	it('a group inside a group inside the rule is refused', () => {
		const error = feedbackError(() =>
			parseRuleSet({
				rules: [{ name: 'Deep', when: { combine: 'all', conditions: [late, { combine: 'any', conditions: [store, { combine: 'all', conditions: [vip] }] }] } }],
			}),
		);
		expect(error.message).toBe(
			'Rule 1 "Deep": when.conditions[1].conditions[1] is a group inside a group inside the rule: groups nest one level only (move its conditions up, or split the rule)',
		);
		expect(error.field).toBe('rules[0].when.conditions[1].conditions[1]');
	});
});

describe('first or all matching rules', () => {
	const rules = [
		{ name: 'Late delivery', when: { combine: 'all', conditions: [{ operator: 'hasTopic', value: 'delivery' }] } },
		{ name: 'Angry', when: { combine: 'all', conditions: [{ operator: 'sentimentIs', value: 'negative' }] } },
		{ name: 'Promoter', when: { combine: 'all', conditions: [{ field: 'classification.category', operator: 'equals', value: 'promoter' }] } },
		{ name: 'Urgent', when: { combine: 'all', conditions: [{ operator: 'priorityAtLeast', value: 'P1' }] } },
	];
	const names = (match: MatchMode, item = classifiedItem()) =>
		evaluateRules(compileRules({ match, rules }), item).matches.map((found) => `${found.position} ${found.rule.name}`);

	it('first: the first matching rule only', () => {
		expect(names('first')).toEqual(['1 Late delivery']);
		expect(names('first', classifiedItem({ classification: { topics: [] } }))).toEqual(['2 Angry']);
	});

	it('all: every matching rule, in order', () => {
		expect(names('all')).toEqual(['1 Late delivery', '2 Angry', '4 Urgent']);
	});

	it('no match: a short reason from the first rule, for the No Alert output', () => {
		const happy = classifiedItem({ classification: { topics: [], sentiment: null, category: 'passive', priority: 'P3' } });
		const result = evaluateRules(compileRules({ match: 'all', rules }), happy);
		expect(result.matches).toEqual([]);
		expect(result.noMatchReason).toBe(
			'None of the 4 rules matched; rule 1 "Late delivery": classification.topics has topic "delivery" is not met (it has no topics)',
		);
	});

	it('a bare list of rules takes the match mode given by the node', () => {
		expect(parseRuleSet(rules, { match: 'all' }).match).toBe('all');
		expect(parseRuleSet(JSON.stringify(rules)).match).toBe('first');
	});
});

describe('validation', () => {
	const rule = (name: string, conditions: unknown[]) => ({ name, when: { combine: 'all', conditions } });
	const ok = { field: 'feedback.touchpoint', operator: 'equals', value: 'delivery' };
	const message = (rules: unknown) => feedbackError(() => parseRuleSet(rules)).message;

	it('an unknown operator names the rule, its position and the field', () => {
		const error = feedbackError(() =>
			parseRuleSet({ rules: [rule('Store', [ok]), rule('Late delivery', [ok, { field: 'feedback.comment', operator: 'includes', value: 'late' }])] }),
		);
		expect(error.message).toBe(`Rule 2 "Late delivery": when.conditions[1].operator must be one of ${RULE_OPERATORS.join(', ')}`);
		expect(error.field).toBe('rules[1].when.conditions[1].operator');
	});

	it.each([
		[{ field: 'feedback.touchpoint', operator: 'equals' }, 'when.conditions[0].value is required for equals (to test for no value, use isEmpty or isNotEmpty)'],
		[{ field: 'feedback.touchpoint', operator: 'inList', value: 'delivery, store' }, 'when.conditions[0].value must be a list for inList, e.g. ["delivery", "store"], not "delivery, store"'],
		[{ field: 'feedback.touchpoint', operator: 'inList', value: [] }, 'when.conditions[0].value must hold at least one entry'],
		[{ field: 'feedback.metrics.0.score', operator: 'lt', value: 'low' }, 'when.conditions[0].value must be a number or an ISO date for lt, not "low"'],
		[{ field: 'feedback.comment', operator: 'isEmpty', value: 'x' }, 'when.conditions[0].value must be left out: isEmpty takes no value'],
		[{ operator: 'priorityAtLeast', value: 'high' }, 'when.conditions[0].value must be one of P1, P2, P3, P4 (P1 is the most urgent)'],
		[{ operator: 'sentimentIs', value: 'angry' }, 'when.conditions[0].value must be one of negative, neutral, positive, unknown, or a list of them'],
		[{ operator: 'equals', value: 'x' }, 'when.conditions[0].field is required'],
		[{ field: 'feedback.comment', operator: 'contains', value: '!!' }, 'when.conditions[0].value has no letters or digits to look for'],
		[{ field: 'feedback.comment', operator: 'contains', value: 'x', ignoreCase: true }, 'when.conditions[0].ignoreCase applies to matchesRegex only (the other operators already ignore case)'],
		[{ field: 'feedback.comment', operator: 'equals', value: 'x', owner: 'ana' }, 'when.conditions[0] has an unknown key "owner"'],
		[{ field: 'feedback.comment', operator: 'matchesRegex', value: '(late' }, 'when.conditions[0].value is not a valid regular expression'],
		[{ field: 'feedback.comment', operator: 'matchesRegex', value: 'a'.repeat(201) }, 'when.conditions[0].value is 201 characters long; a pattern may have at most 200'],
	])('%j is refused', (condition, expected) => {
		expect(message({ rules: [rule('Probe', [condition])] })).toContain(`Rule 1 "Probe": ${expected}`);
	});

	it('refuses empty and duplicate rule names, empty groups, bad modes and unknown keys', () => {
		expect(message({ rules: [rule('  ', [ok])] })).toBe('Rule 1: name must not be empty');
		expect(message({ rules: [{ when: { conditions: [ok] } }] })).toBe('Rule 1: name is required');
		expect(message({ rules: [rule('Late', [ok]), rule('Store', [ok]), rule(' late ', [ok])] })).toBe(
			'Rule 3 "late": name is already the name of rule 1: names must differ, as alerts and counts are reported by rule name',
		);
		expect(message({ rules: [rule('Empty', [])] })).toBe('Rule 1 "Empty": when.conditions must hold at least one condition');
		expect(message({ rules: [{ name: 'Mode', when: { combine: 'every', conditions: [ok] } }] })).toBe('Rule 1 "Mode": when.combine must be "all" or "any"');
		expect(message({ rules: [{ name: 'Typo', when: { conditions: [ok] }, ownr: 'ana' }] })).toBe('Rule 1 "Typo": has an unknown key "ownr"');
		expect(message({ rules: [{ name: 'No when' }] })).toBe('Rule 1 "No when": when is required');
		expect(message({ match: 'some', rules: [rule('A', [ok])] })).toBe('Rule set: match must be "first" or "all"');
		expect(message({ rules: [] })).toBe('Rule set: rules must hold at least one rule');
		expect(message('{"rules": [')).toBe('The rules are not valid JSON');
	});

	it('accepts an owner once the node extends the rule schema', () => {
		const routedRule = ruleSchema.extend({ owner: z.string().min(1) });
		const parsed = parseRuleSet({ rules: [{ name: 'Late', owner: 'delivery-team', when: { conditions: [ok] } }] }, { ruleSchema: routedRule });
		expect(parsed.rules[0].owner).toBe('delivery-team');
		const compiled = compileRules(parsed, { ruleSchema: routedRule });
		expect(evaluateRules(compiled, classifiedItem()).matches[0].rule.owner).toBe('delivery-team');
		expect(feedbackError(() => parseRuleSet({ rules: [rule('Late', [ok])] }, { ruleSchema: routedRule })).message).toBe('Rule 1 "Late": owner is required');
	});

	it('editor rows: text values become lists where the operator takes one, empty values none', () => {
		const rows = [
			conditionFromEditorRow({ field: 'feedback.touchpoint', operator: 'inList', value: 'delivery, store; web' }),
			conditionFromEditorRow({ field: 'feedback.comment', operator: 'isNotEmpty', value: '' }),
			conditionFromEditorRow({ field: '', operator: 'hasTopic', value: 'delivery' }),
			conditionFromEditorRow({ field: 'feedback.comment', operator: 'matchesRegex', value: 'RETARD', ignoreCase: true }),
		];
		expect(rows[0]).toEqual({ field: 'feedback.touchpoint', operator: 'inList', value: ['delivery', 'store', 'web'] });
		expect(rows[1]).toEqual({ field: 'feedback.comment', operator: 'isNotEmpty' });
		const result = evaluateRules(compileRules({ rules: [rule('From editor', rows)] }), classifiedItem({ feedback: { comment: 'en retard' } }));
		expect(result.matches).toHaveLength(1);
	});
});

describe('regular expressions that can take exponential time', () => {
	it.each([
		['(a+)+', 'nested quantifier'],
		['(a*)*', 'nested quantifier'],
		['(.*)*x', 'nested quantifier'],
		['^(\\w+\\s?)+$', 'nested quantifier'],
		['((ab)+c)+', 'nested quantifier'],
		['(a|aa)+', 'alternatives that can start alike'],
		['(\\s|,)+', 'alternatives that can start alike'],
		['(x+x+)+y', 'nested quantifier'],
		['(a)\\1', 'backreference'],
		['(?<q>a)\\k<q>', 'backreference'],
		['(?<=late )delivery', 'lookbehind'],
		['(?<!not )happy', 'lookbehind'],
		['.*a.*b.*c.*d', 'more than 3 open-ended repetitions'],
	])('%s is refused (%s)', (pattern, why) => {
		expect(regexHazard(pattern)).toContain(why);
		const error = feedbackError(() =>
			parseRuleSet({ rules: [{ name: 'Bomb', when: { conditions: [{ field: 'feedback.comment', operator: 'matchesRegex', value: pattern }] } }] }),
		);
		expect(error.message).toMatch(/^Rule 1 "Bomb": when\.conditions\[0\]\.value is refused: /);
		expect(error.message).toContain(why);
	});

	it.each([
		'^\\w+@\\w+\\.\\w+$',
		'(late|delayed) deliver(y|ies)',
		'(foo|bar)+',
		'\\b(retard|late)\\b',
		'^[A-Z]{2}-\\d{3,5}$',
		'(?:ab)+c',
		'(?<store>\\d+)',
		'(?=.*refund)',
		'[(|)]+',
	])('%s is accepted', (pattern) => {
		expect(regexHazard(pattern)).toBeUndefined();
		expect(() => compileRules({ rules: [{ name: 'Fine', when: { conditions: [{ field: 'feedback.comment', operator: 'matchesRegex', value: pattern }] } }] })).not.toThrow();
	});
});

describe('one compiled rule set, item after item', () => {
	const rules = [
		{ name: 'Detractor in Lyon', when: { combine: 'all', conditions: [
			{ field: 'classification.category', operator: 'equals', value: 'detractor' },
			{ field: 'feedback.hidden.store', operator: 'matchesRegex', value: '^lyon', ignoreCase: true },
		] } },
		{ name: 'Late or damaged', when: { combine: 'any', conditions: [
			{ operator: 'hasTopic', value: 'delivery' },
			{ field: 'feedback.comment', operator: 'contains', value: 'abime' },
			{ combine: 'all', conditions: [
				{ field: 'feedback.hidden.tags', operator: 'inList', value: ['late', 'lost'] },
				{ field: 'feedback.metrics[0].score', operator: 'lte', value: 6 },
			] },
		] } },
		{ name: 'Angry VIP', when: { combine: 'all', conditions: [
			{ operator: 'sentimentIs', value: ['negative', 'unknown'] },
			{ field: 'feedback.respondent.segment', operator: 'notEquals', value: 'standard' },
			{ operator: 'priorityAtLeast', value: 'P2' },
		] } },
		{ name: 'Quiet regular', when: { combine: 'all', conditions: [
			{ field: 'feedback.comment', operator: 'isEmpty' },
			{ field: 'feedback.hidden.visits', operator: 'gt', value: 10 },
			{ field: 'feedback.submittedAt', operator: 'gte', value: '2026-01-01' },
		] } },
	];
	const items = [
		classifiedItem(),
		classifiedItem({ feedback: { hidden: { store: 'Paris Opéra', visits: '30', tags: ['lost'] }, comment: '', metrics: [{ score: 5 }] } }),
		classifiedItem({ classification: { category: 'promoter', sentiment: null, topics: [], priority: 'P3' } }),
		classifiedItem({ feedback: { hidden: null, comment: null, respondent: { segment: 'standard' } } }),
		classifiedItem({ feedback: { hidden: { store: 'LYON Part-Dieu', tags: 'late' }, comment: 'ABÎMÉ', submittedAt: 'yesterday' } }),
		classifiedItem({ classification: { topics: [{ topic: 'price', label: 'Prix' }, 'odd', null], sentiment: { label: 'positive' } } }),
		{ feedback: { comment: '   ', hidden: { visits: 11 }, submittedAt: '2026-04-01' } },
		null,
		'not an item',
	];

	it.each(['first', 'all'] as const)('gives each item what a rule set compiled for it alone gives (%s)', (match) => {
		const shared = compileRules({ match, rules });
		for (const round of [1, 2]) {
			for (const [index, item] of items.entries()) {
				expect({ round, index, result: evaluateRules(shared, item) }).toEqual({ round, index, result: evaluateRules(compileRules({ match, rules }), item) });
			}
		}
	});

	it('all: each matching rule has the reasons it has on its own', () => {
		const every = compileRules({ match: 'all', rules });
		for (const item of items) {
			for (const found of evaluateRules(every, item).matches) {
				const alone = evaluateRules(compileRules({ rules: [rules[found.position - 1]] }), item);
				expect(found.reasons).toEqual(alone.matches[0].reasons);
				expect(found.reasons.length).toBeGreaterThan(0);
			}
		}
		expect(evaluateRules(every, items[1]).matches.map((found) => found.position)).toEqual([2, 3, 4]);
		expect(evaluateRules(every, items[1]).matches[0].reasons).toEqual([
			'classification.topics has topic "delivery" (its topics are "delivery", "quality")',
			'feedback.hidden.tags is one of "late", "lost" (it is ["lost"])',
			'feedback.metrics[0].score <= 6 (it is 5)',
		]);
	});
});

describe('field paths', () => {
	it('read only the item’s own keys: names objects and lists inherit are missing, a list’s length is its own', () => {
		expect(check({ field: 'feedback.hidden.constructor', operator: 'isEmpty' })).toEqual({
			met: true,
			reason: 'feedback.hidden.constructor is empty (the item has no feedback.hidden.constructor)',
		});
		expect(check({ field: 'feedback.__proto__', operator: 'isNotEmpty' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.tags.map', operator: 'isNotEmpty' }).met).toBe(false);
		expect(check({ field: 'feedback.hidden.tags.length', operator: 'equals', value: 2 }).met).toBe(true);
		expect(check({ field: 'feedback.comment.length', operator: 'gt', value: 0 }).reason).toContain('the item has no feedback.comment.length');
	});

	it('a path and its prefixes in one rule: each reads its own value', () => {
		const conditions = [
			{ field: 'feedback.hidden', operator: 'isNotEmpty' },
			{ field: 'feedback.hidden.store', operator: 'equals', value: 'lyon part dieu' },
			{ field: 'feedback.hidden.tags[1]', operator: 'equals', value: 'damaged' },
			{ field: 'feedback.hidden.tags.0', operator: 'equals', value: 'late' },
		];
		const compiled = compileRules(ruleSet(conditions));
		expect(evaluateRules(compiled, classifiedItem()).matches[0].reasons).toEqual([
			'feedback.hidden is not empty (it is an object)',
			'feedback.hidden.store equals "lyon part dieu" (it is "Lyon Part-Dieu")',
			'feedback.hidden.tags[1] equals "damaged" (it is "Damaged")',
			'feedback.hidden.tags.0 equals "late" (it is "late")',
		]);
		expect(evaluateRules(compiled, classifiedItem({ feedback: { hidden: { store: 'Lyon Part-Dieu' } } })).noMatchReason).toBe(
			'No rule matched: rule 1 "Probe": feedback.hidden.tags[1] equals "damaged" is not met (the item has no feedback.hidden.tags[1])',
		);
	});
});
