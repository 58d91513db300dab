import { compileRules, evaluateRules, matchingRules } from '../../nodes/core/rules';

/**
 * The engine takes shortcuts on rule sets of many rules (guards on fields several rules test,
 * conditions shared between rules, reasons remembered from item to item). A rule evaluated alone
 * takes none of them, so each rule of the set, alone, says what the whole set must answer.
 */
const RULES = [
	{ name: 'Delivery', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'equals', value: 'Delivery' }] } },
	{ name: 'Delivery or store', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'inList', value: ['delivery', 'Store'] }] } },
	{
		name: 'Store detractor',
		when: { conditions: [
			{ field: 'feedback.touchpoint', operator: 'equals', value: 'store' },
			{ field: 'classification.category', operator: 'equals', value: 'detractor' },
		] },
	},
	{
		name: 'Unhappy off the web',
		when: { conditions: [
			{ field: 'classification.category', operator: 'inList', value: ['detractor', 'passive'] },
			{ field: 'feedback.touchpoint', operator: 'notEquals', value: 'web' },
		] },
	},
	{ name: 'Promoter', when: { conditions: [{ field: 'classification.category', operator: 'equals', value: 'promoter' }] } },
	{ name: 'Damaged', when: { conditions: [{ field: 'feedback.hidden.tags', operator: 'equals', value: 'damaged' }] } },
	{ name: 'Late or lost', when: { conditions: [{ field: 'feedback.hidden.tags', operator: 'inList', value: ['late', 'lost'] }] } },
	{ name: 'Touchpoint twelve', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'equals', value: '12' }] } },
	{ name: 'Touchpoint true', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'equals', value: 'true' }] } },
	{ name: 'No touchpoint', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'isEmpty' }] } },
	{
		name: 'App or detractor',
		when: { combine: 'any', conditions: [
			{ field: 'feedback.touchpoint', operator: 'equals', value: 'app' },
			{ field: 'classification.category', operator: 'equals', value: 'detractor' },
		] },
	},
	{
		name: 'Delivery twice',
		when: { conditions: [
			{ field: 'feedback.touchpoint', operator: 'equals', value: 'delivery' },
			{ field: 'feedback.touchpoint', operator: 'inList', value: ['delivery', 'app'] },
		] },
	},
	{ name: 'App or five', when: { conditions: [{ field: 'feedback.touchpoint', operator: 'inList', value: ['app', 5] }] } },
	{
		name: 'Detractor, delivery by group',
		when: { conditions: [
			{ field: 'classification.category', operator: 'equals', value: 'Détracteur' },
			{ combine: 'any', conditions: [
				{ field: 'feedback.touchpoint', operator: 'equals', value: 'delivery' },
				{ field: 'feedback.hidden.tags', operator: 'contains', value: 'dam' },
			] },
		] },
	},
	{
		name: 'Detractor, any tag',
		when: { conditions: [
			{ field: 'classification.category', operator: 'equals', value: 'detractor' },
			{ field: 'feedback.hidden.tags', operator: 'isNotEmpty' },
		] },
	},
];

const TOUCHPOINTS: unknown[] = ['delivery', 'DÉLIVERY ', 'Store', 'store', 'web', 'app', '12', 12, 5, true, 'true', null, undefined, ['Delivery', 'x'], ['app'], [], {}, 'unknown'];
const CATEGORIES: unknown[] = ['detractor', 'Passive', 'promoter', 'détracteur', null, undefined, ['promoter'], 3];
const TAGS: unknown[] = [['Damaged'], 'late', 'LOST', undefined, [], ['lost', 'new']];

function items(): unknown[] {
	const all: unknown[] = [];
	for (const touchpoint of TOUCHPOINTS) {
		for (const category of CATEGORIES) {
			for (const tags of TAGS) {
				const feedback: Record<string, unknown> = { id: 'r-1', hidden: tags === undefined ? {} : { tags } };
				if (touchpoint !== undefined) feedback.touchpoint = touchpoint;
				all.push({ feedback, classification: category === undefined ? {} : { category } });
			}
		}
	}
	return all;
}

const alone = RULES.map((rule) => compileRules({ match: 'all', rules: [rule] }));

/** What each rule alone says of the item: its position and reasons when it matches. */
function expected(item: unknown): Array<{ position: number; reasons: string[] }> {
	return alone.flatMap((compiled, index) => {
		const result = evaluateRules(compiled, item);
		return result.matches.length ? [{ position: index + 1, reasons: result.matches[0].reasons }] : [];
	});
}

describe('a rule set of many rules answers as its rules one by one', () => {
	const every = compileRules({ match: 'all', rules: RULES });
	const first = compileRules({ match: 'first', rules: RULES });

	it('in "all" mode: the same rules match, with the same reasons, on text, lists, numbers, true/false, null and missing fields', () => {
		let matched = 0;
		for (const item of items()) {
			const wanted = expected(item);
			const got = evaluateRules(every, item);
			expect({ item, matches: got.matches.map(({ position, reasons }) => ({ position, reasons })) }).toEqual({ item, matches: wanted });
			matched += wanted.length;
		}
		// The items reach every rule, so every shortcut is taken somewhere.
		expect(matched).toBeGreaterThan(500);
		for (let position = 1; position <= RULES.length; position++) {
			expect(items().some((item) => expected(item).some((match) => match.position === position))).toBe(true);
		}
	});

	it('in "first" mode: the first of those rules, or why rule 1 did not match', () => {
		for (const item of items()) {
			const wanted = expected(item);
			const got = evaluateRules(first, item);
			if (wanted.length) {
				expect({ item, match: got.matches.map(({ position, reasons }) => ({ position, reasons })) }).toEqual({ item, match: [wanted[0]] });
				expect(got.noMatchReason).toBeNull();
			} else {
				const reason = evaluateRules(alone[0], item).noMatchReason ?? '';
				expect({ item, reason: got.noMatchReason }).toEqual({ item, reason: reason.replace('No rule matched: ', `None of the ${RULES.length} rules matched; `) });
			}
		}
	});
});

describe('a rule set of more rules than one 32-bit word of the guards holds', () => {
	// The same rules three times over (45 rules): rule n+15 and n+30 answer as rule n.
	const tripled = [...RULES, ...RULES, ...RULES].map((rule, index) => ({ ...rule, name: `${rule.name} ${index + 1}` }));
	const every = compileRules({ match: 'all', rules: tripled });
	const first = compileRules({ match: 'first', rules: tripled.slice(RULES.length) });

	it('matches every copy of the rules that match, in rule order, and in "first" mode the first one', () => {
		for (const item of items()) {
			const wanted = expected(item).map((match) => match.position);
			const got = evaluateRules(every, item).matches.map((match) => match.position);
			expect({ item, got }).toEqual({ item, got: [...wanted, ...wanted.map((position) => position + RULES.length), ...wanted.map((position) => position + 2 * RULES.length)] });
			expect({ item, first: evaluateRules(first, item).matches.map((match) => match.position) }).toEqual({ item, first: wanted.slice(0, 1) });
		}
	});
});

describe('matchingRules, without reasons', () => {
	it('finds the rules evaluateRules finds, in both modes, on every item', () => {
		const every = compileRules({ match: 'all', rules: RULES });
		const first = compileRules({ match: 'first', rules: RULES });
		for (const item of items()) {
			const wanted = expected(item).map((match) => match.position);
			expect({ item, all: matchingRules(every, item), first: matchingRules(first, item) }).toEqual({ item, all: wanted, first: wanted.slice(0, 1) });
		}
	});
});
